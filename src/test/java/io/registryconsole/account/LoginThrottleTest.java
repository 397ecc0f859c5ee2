package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The throttle's counting and lockout arithmetic on the real database table, on a clock the test moves. */
@Tag("db")
@SpringBootTest
class LoginThrottleTest {

    private static final LoginThrottleProperties SETTINGS =
        new LoginThrottleProperties(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1));

    @Autowired
    LoginAttemptStore store;
    @Autowired
    JdbcTemplate jdbc;

    private final MovableClock clock = new MovableClock();
    private LoginThrottle throttle;

    @BeforeEach
    void setUp() {
        store.deleteAll();
        throttle = new LoginThrottle(SETTINGS, store, clock);
    }

    @Test
    void twoConsoleInstancesOnOneDatabaseCountFailuresTogether() {
        LoginThrottle other = new LoginThrottle(SETTINGS, store, clock);
        failTimes("alice", null, 3);
        other.failed("alice", null);
        other.failed("alice", null);

        assertThatThrownBy(() -> throttle.checkAllowed("alice", null)).isInstanceOf(LoginThrottledException.class);
        assertThatThrownBy(() -> other.checkAllowed("alice", null)).isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void theTableHoldsHashesNeverWhatWasTypedAsAUsername() {
        throttle.failed("my-Secret-Passw0rd", "10.0.0.1");

        assertThat(jdbc.queryForList("select key_hash from login_attempt", String.class))
            .hasSize(2)
            .allSatisfy(key -> assertThat(key).matches("[0-9a-f]{64}"))
            .contains(LoginAttemptStore.hash("user:my-secret-passw0rd"), LoginAttemptStore.hash("address:10.0.0.1"));
    }

    @Test
    void quietHistoriesArePrunedButLiveOnesKept() {
        throttle.failed("old", null);
        clock.advance(Duration.ofHours(2));
        throttle.failed("recent", null);

        // the throttle prunes every 100th failure; the store's part of it, at the throttle's horizon (1 h)
        int deleted = store.deleteQuietSince(clock.instant().minus(Duration.ofHours(1)));

        assertThat(deleted).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from login_attempt", Integer.class)).isEqualTo(1);
        assertThat(store.find("user:recent")).isPresent();
    }

    @Test
    void locksAUsernameAfterFiveFailuresAndSaysHowLong() {
        failTimes("alice", "10.0.0.1", 4);
        assertThatCode(() -> throttle.checkAllowed("alice", "10.0.0.1")).doesNotThrowAnyException();

        throttle.failed("alice", "10.0.0.1");

        assertThatThrownBy(() -> throttle.checkAllowed("alice", "10.0.0.2"))
            .isInstanceOfSatisfying(LoginThrottledException.class,
                locked -> assertThat(locked.retryAfterSeconds()).isEqualTo(60))
            .hasMessageContaining("Try again in 60 seconds");
        // the username is locked, not the person's other accounts
        assertThatCode(() -> throttle.checkAllowed("bob", "10.0.0.1")).doesNotThrowAnyException();
    }

    @Test
    void usernamesAreCountedCaseInsensitively() {
        failTimes("Alice", "10.0.0.1", 3);
        failTimes("ALICE ", "10.0.0.2", 2);

        assertThatThrownBy(() -> throttle.checkAllowed("alice", "10.0.0.3")).isInstanceOf(LoginThrottledException.class);
    }

    @Test
    void lockoutEndsAndEachFurtherOneLastsTwiceAsLongUpToTheMaximum() {
        failTimes("alice", null, 5);
        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> throttle.checkAllowed("alice", null)).isInstanceOf(LoginThrottledException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> throttle.checkAllowed("alice", null)).doesNotThrowAnyException();

        failTimes("alice", null, 5);
        assertThat(retryAfter("alice")).isEqualTo(120);
        clock.advance(Duration.ofMinutes(2));
        failTimes("alice", null, 5);
        assertThat(retryAfter("alice")).isEqualTo(240);

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofHours(1));
            failTimes("alice", null, 5);
        }
        assertThat(retryAfter("alice")).isEqualTo(3600);
    }

    @Test
    void successClearsTheUsernameHistory() {
        failTimes("alice", null, 4);
        throttle.succeeded("alice");
        failTimes("alice", null, 4);

        assertThatCode(() -> throttle.checkAllowed("alice", null)).doesNotThrowAnyException();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        failTimes("alice", null, 4);
        clock.advance(Duration.ofMinutes(15));
        failTimes("alice", null, 4);

        assertThatCode(() -> throttle.checkAllowed("alice", null)).doesNotThrowAnyException();
    }

    @Test
    void historyIsForgottenAfterALongQuietTimeSoTheNextLockoutIsShortAgain() {
        failTimes("alice", null, 5);
        clock.advance(Duration.ofMinutes(1));
        failTimes("alice", null, 5);
        assertThat(retryAfter("alice")).isEqualTo(120);

        clock.advance(Duration.ofMinutes(2).plus(Duration.ofHours(1)));
        failTimes("alice", null, 5);

        assertThat(retryAfter("alice")).isEqualTo(60);
    }

    @Test
    void locksAnAddressAfterTwentyFailuresAcrossUsernames() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThatCode(() -> throttle.checkAllowed("someone", "192.0.2.7")).doesNotThrowAnyException();

        throttle.failed("user19", "192.0.2.7");

        assertThatThrownBy(() -> throttle.checkAllowed("someone", "192.0.2.7")).isInstanceOf(LoginThrottledException.class);
        assertThatThrownBy(() -> throttle.checkAllowed(null, "192.0.2.7")).isInstanceOf(LoginThrottledException.class);
        assertThatCode(() -> throttle.checkAllowed("someone", "192.0.2.8")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessDoesNotClearTheAddressCount() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        throttle.succeeded("mallory");
        throttle.failed("user19", "192.0.2.7");

        assertThatThrownBy(() -> throttle.checkAllowed("mallory", "192.0.2.7")).isInstanceOf(LoginThrottledException.class);
    }

    private void failTimes(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }

    private long retryAfter(String username) {
        try {
            throttle.checkAllowed(username, null);
            return 0;
        } catch (LoginThrottledException locked) {
            return locked.retryAfterSeconds();
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
