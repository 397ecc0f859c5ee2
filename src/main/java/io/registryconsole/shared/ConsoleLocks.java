package io.registryconsole.shared;

import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One-time work that several console instances on one database must do one at a time (e.g. creating the first
 * admin when they all start at once on an empty database): a row of {@code console_lock} locked with
 * {@code select ... for update} for the length of one transaction. The next instance waits for the commit and then
 * sees what the first one did.
 */
@Component
public class ConsoleLocks {

    /** Held while the first admin is created. */
    public static final String ADMIN_BOOTSTRAP = "admin-bootstrap";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ConsoleLocks(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Runs {@code work} in a new transaction that holds the named lock (a row inserted by a migration). */
    public <T> T inTransactionHolding(String lock, Supplier<T> work) {
        return transactions.execute(tx -> {
            int locked = jdbc.sql("select name from console_lock where name = ? for update").param(lock).query().listOfRows().size();
            if (locked != 1) {
                throw new IllegalStateException("no row '" + lock + "' in console_lock (is the database migrated?)");
            }
            return work.get();
        });
    }
}
