package io.registryconsole.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per username and per client address and refuses further attempts for a growing
 * lockout once too many fail. In memory: the counts reset when the console restarts, and each instance
 * of a scaled-out console counts on its own (the console runs as one instance).
 * <p>
 * Logs never name the username: people type their password into the username field often enough.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    /** Beyond this many tracked keys, stale ones are dropped, so a flood of made-up names cannot fill memory. */
    private static final int PRUNE_ABOVE = 10_000;

    private final LoginThrottleProperties settings;
    private final Clock clock;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

    @Autowired
    LoginThrottle(LoginThrottleProperties settings) {
        this(settings, Clock.systemUTC());
    }

    LoginThrottle(LoginThrottleProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Throws when the username or the address is locked. Either may be null (unknown). */
    void checkAllowed(String username, String address) {
        Instant now = clock.instant();
        Duration wait = max(remainingLock(userKey(username), now), remainingLock(addressKey(address), now));
        if (!wait.isZero()) {
            throw new LoginThrottledException(wait);
        }
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        record(userKey(username), settings.maxFailuresPerUser(), now, "a username");
        record(addressKey(address), settings.maxFailuresPerAddress(), now, "client address " + address);
        if (attempts.size() > PRUNE_ABOVE) {
            attempts.values().removeIf(entry -> entry.forgettable(now, settings));
        }
    }

    /**
     * A good sign-in clears the username's history. The address keeps its count (it only fades with time):
     * otherwise one valid account would let its holder reset the count between guesses at other accounts.
     */
    void succeeded(String username) {
        String key = userKey(username);
        if (key != null) {
            attempts.remove(key);
        }
    }

    /** For tests that share one context: start from a clean slate. */
    void clear() {
        attempts.clear();
    }

    private Duration remainingLock(String key, Instant now) {
        Attempts entry = key == null ? null : attempts.get(key);
        if (entry == null || entry.lockedUntil == null || !now.isBefore(entry.lockedUntil)) {
            return Duration.ZERO;
        }
        return Duration.between(now, entry.lockedUntil);
    }

    private void record(String key, int maxFailures, Instant now, String subject) {
        if (key == null) {
            return;
        }
        boolean[] lockedNow = {false};
        Attempts updated = attempts.compute(key, (k, entry) -> {
            Attempts next = Attempts.after(entry, now, maxFailures, settings);
            // lockedUntil only ever changes when a new lockout starts
            lockedNow[0] = next.lockedUntil != null && (entry == null || !next.lockedUntil.equals(entry.lockedUntil));
            return next;
        });
        if (lockedNow[0]) {
            log.warn("Sign-in locked for {} seconds for {} after {} failed attempts (lockout #{})",
                Duration.between(now, updated.lockedUntil).toSeconds(), subject, maxFailures, updated.lockouts);
        }
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

    /** Immutable state of one key; replaced atomically by ConcurrentHashMap.compute. */
    private record Attempts(int failures, Instant windowStart, Instant lastFailure, int lockouts, Instant lockedUntil) {

        static Attempts after(Attempts previous, Instant now, int maxFailures, LoginThrottleProperties settings) {
            Attempts current = previous == null || previous.forgettable(now, settings)
                ? new Attempts(0, now, now, 0, null)
                : previous;
            int failures = current.failures;
            Instant windowStart = current.windowStart;
            if (!now.isBefore(windowStart.plus(settings.window()))) {
                failures = 0;
                windowStart = now;
            }
            failures++;
            if (failures < maxFailures) {
                return new Attempts(failures, windowStart, now, current.lockouts, current.lockedUntil);
            }
            int lockouts = current.lockouts + 1;
            return new Attempts(0, now, now, lockouts, now.plus(lockoutFor(lockouts, settings)));
        }

        /** lockout, 2 x lockout, 4 x lockout, ... capped at maxLockout. */
        static Duration lockoutFor(int lockouts, LoginThrottleProperties settings) {
            Duration duration = settings.lockout();
            for (int i = 1; i < lockouts && duration.compareTo(settings.maxLockout()) < 0; i++) {
                duration = duration.multipliedBy(2);
            }
            return duration.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : duration;
        }

        /**
         * Nothing left worth remembering: no failure and no lockout for longer than both the window and the
         * longest lockout, so the next lockout starts short again.
         */
        boolean forgettable(Instant now, LoginThrottleProperties settings) {
            Duration memory = settings.window().compareTo(settings.maxLockout()) > 0 ? settings.window() : settings.maxLockout();
            Instant quietSince = lockedUntil != null && lockedUntil.isAfter(lastFailure) ? lockedUntil : lastFailure;
            return !now.isBefore(quietSince.plus(memory));
        }
    }
}
