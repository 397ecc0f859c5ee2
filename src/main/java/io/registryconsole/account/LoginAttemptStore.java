package io.registryconsole.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failed sign-ins in the console's database (table {@code login_attempt}), so that several console instances on one
 * PostgreSQL count them together: a guesser spread over the instances behind a load balancer meets one limit, not one
 * per instance. Keys are stored as SHA-256 hashes, never the typed username.
 */
@Repository
class LoginAttemptStore {

    private static final String COLUMNS = "failures, window_start, last_failure, lockouts, locked_until";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    LoginAttemptStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    Optional<FailedSignIns> find(String key) {
        return jdbc.query("select " + COLUMNS + " from login_attempt where key_hash = ?", LoginAttemptStore::row, hash(key))
            .stream().findFirst();
    }

    /**
     * Applies {@code change} to the key's state under a row lock and stores the result.
     *
     * @return the state before (null if none) and after
     */
    Change update(String key, UnaryOperator<FailedSignIns> change) {
        try {
            return updateOnce(key, change);
        } catch (DuplicateKeyException firstFailureRace) {
            // another instance inserted the key's first row at the same moment: now there is a row to lock
            return updateOnce(key, change);
        }
    }

    private Change updateOnce(String key, UnaryOperator<FailedSignIns> change) {
        String hash = hash(key);
        return transactions.execute(status -> {
            List<FailedSignIns> rows = jdbc.query("select " + COLUMNS + " from login_attempt where key_hash = ? for update",
                LoginAttemptStore::row, hash);
            FailedSignIns before = rows.isEmpty() ? null : rows.get(0);
            FailedSignIns after = change.apply(before);
            if (before == null) {
                jdbc.update("insert into login_attempt (key_hash, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?)", hash,
                    after.failures(), time(after.windowStart()), time(after.lastFailure()), after.lockouts(), time(after.lockedUntil()));
            } else {
                jdbc.update("update login_attempt set failures = ?, window_start = ?, last_failure = ?, lockouts = ?, locked_until = ?"
                    + " where key_hash = ?", after.failures(), time(after.windowStart()), time(after.lastFailure()),
                    after.lockouts(), time(after.lockedUntil()), hash);
            }
            return new Change(before, after);
        });
    }

    void delete(String key) {
        jdbc.update("delete from login_attempt where key_hash = ?", hash(key));
    }

    /** Drops every history with no failure and no lockout since {@code quietSince}. */
    int deleteQuietSince(Instant quietSince) {
        OffsetDateTime cutoff = time(quietSince);
        return jdbc.update("delete from login_attempt where last_failure < ? and (locked_until is null or locked_until < ?)",
            cutoff, cutoff);
    }

    void deleteAll() {
        jdbc.update("delete from login_attempt");
    }

    record Change(FailedSignIns before, FailedSignIns after) {
    }

    private static FailedSignIns row(ResultSet rs, int rowNum) throws SQLException {
        OffsetDateTime lockedUntil = rs.getObject("locked_until", OffsetDateTime.class);
        return new FailedSignIns(rs.getInt("failures"), rs.getObject("window_start", OffsetDateTime.class).toInstant(),
            rs.getObject("last_failure", OffsetDateTime.class).toInstant(), rs.getInt("lockouts"),
            lockedUntil == null ? null : lockedUntil.toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
