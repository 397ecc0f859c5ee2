package io.registryconsole.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Only an unreachable database becomes a 503; bad data and bugs stay what they are. */
class DatabaseOutageTest {

    @Test
    void unreachableDatabaseAnywhereInTheCauseChainIsAnOutage() {
        assertThat(DatabaseOutage.isOutage(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new DataAccessResourceFailureException("gone"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLTransientConnectionException("pool timeout"))).isTrue();
        // how Spring Security wraps a failed user lookup in the Basic filter
        assertThat(DatabaseOutage.isOutage(new InternalAuthenticationServiceException("lookup",
            new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException(new SQLException("refused", "08001")))).isTrue();
    }

    @Test
    void constraintViolationsAndBugsAreNot() {
        assertThat(DatabaseOutage.isOutage(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new NullPointerException())).isFalse();
    }
}
