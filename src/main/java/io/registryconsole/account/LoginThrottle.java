package io.registryconsole.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per username and per client address and refuses further attempts for a growing
 * lockout once too many fail. The counts live in the database ({@link LoginAttemptStore}), so they survive a
 * restart and every instance of a scaled-out console shares them.
 * <p>
 * Logs never name the username: people type their password into the username field often enough.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Every this many failures, quiet histories are dropped, so a flood of made-up names cannot grow the table for ever. */
    private static final int PRUNE_EVERY = 100;

    private final LoginThrottleProperties settings;
    private final LoginAttemptStore store;
    private final Clock clock;
    private final AtomicInteger failuresSincePrune = new AtomicInteger();

    @Autowired
    LoginThrottle(LoginThrottleProperties settings, LoginAttemptStore store) {
        this(settings, store, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleProperties settings, LoginAttemptStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    /** Throws when the username or the address is locked. Either may be null (unknown). */
    void checkAllowed(String username, String address) {
        Instant now = now();
        Duration wait = max(remainingLock(userKey(username), now), remainingLock(addressKey(address), now));
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
    }

    void failed(String username, String address) {
        Instant now = now();
        record(userKey(username), settings.maxFailuresPerUser(), now, "a username");
        record(addressKey(address), settings.maxFailuresPerAddress(), now, "client address " + address);
        if (failuresSincePrune.incrementAndGet() >= PRUNE_EVERY) {
            failuresSincePrune.set(0);
            store.deleteQuietSince(now.minus(FailedSignIns.memory(settings)));
        }
    }

    /**
     * A good sign-in clears the username's history. The address keeps its count (it only fades with time):
     * otherwise one valid account would let its holder reset the count between guesses at other accounts.
     */
    void succeeded(String username) {
        String key = userKey(username);
        if (key != null) {
            store.delete(key);
        }
    }

    /** For tests that share one database: start from a clean slate. */
    void clear() {
        store.deleteAll();
    }

    private Duration remainingLock(String key, Instant now) {
        return key == null ? Duration.ZERO : store.find(key).map(entry -> entry.remainingLock(now)).orElse(Duration.ZERO);
    }

    private void record(String key, int maxFailures, Instant now, String subject) {
        if (key == null) {
            return;
        }
        LoginAttemptStore.Change change = store.update(key, entry -> FailedSignIns.after(entry, now, maxFailures, settings));
        FailedSignIns before = change.before();
        FailedSignIns after = change.after();
        // lockedUntil only ever changes when a new lockout starts
        if (after.lockedUntil() != null && (before == null || !after.lockedUntil().equals(before.lockedUntil()))) {
            log.warn("Sign-in locked for {} seconds for {} after {} failed attempts (lockout #{})",
                Duration.between(now, after.lockedUntil()).toSeconds(), subject, maxFailures, after.lockouts());
        }
    }

    /** The database keeps microseconds: compute with what it will give back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String userKey(String username) {
        return username == null || username.isBlank() ? null : "user:" + ConsoleUserDetailsService.normalize(username);
    }

    private static String addressKey(String address) {
        return address == null || address.isBlank() ? null : "address:" + address;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
