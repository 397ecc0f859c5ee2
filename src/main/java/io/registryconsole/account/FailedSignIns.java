package io.registryconsole.account;

import java.time.Duration;
import java.time.Instant;

/**
 * The failed sign-ins of one username or one client address: how many in the current window, and the lockout they
 * earned. Immutable; {@link LoginAttemptStore} replaces it under a row lock.
 */
record FailedSignIns(int failures, Instant windowStart, Instant lastFailure, int lockouts, Instant lockedUntil) {

    /** The state after one more failure at {@code now}. */
    static FailedSignIns after(FailedSignIns previous, Instant now, int maxFailures, LoginThrottleProperties settings) {
        FailedSignIns current = previous == null || previous.forgettable(now, settings)
            ? new FailedSignIns(0, now, now, 0, null)
            : previous;
        int failures = current.failures;
        Instant windowStart = current.windowStart;
        if (!now.isBefore(windowStart.plus(settings.window()))) {
            failures = 0;
            windowStart = now;
        }
        failures++;
        if (failures < maxFailures) {
            return new FailedSignIns(failures, windowStart, now, current.lockouts, current.lockedUntil);
        }
        int lockouts = current.lockouts + 1;
        return new FailedSignIns(0, now, now, lockouts, now.plus(lockoutFor(lockouts, settings)));
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
     * How long a quiet history is kept: longer than both the window and the longest lockout, so that the next lockout
     * starts short again only after a real pause.
     */
    static Duration memory(LoginThrottleProperties settings) {
        return settings.window().compareTo(settings.maxLockout()) > 0 ? settings.window() : settings.maxLockout();
    }

    /** Nothing left worth remembering: no failure and no lockout for longer than {@link #memory}. */
    boolean forgettable(Instant now, LoginThrottleProperties settings) {
        Instant quietSince = lockedUntil != null && lockedUntil.isAfter(lastFailure) ? lockedUntil : lastFailure;
        return !now.isBefore(quietSince.plus(memory(settings)));
    }

    /** Time left of the lockout at {@code now}; zero when there is none. */
    Duration remainingLock(Instant now) {
        return lockedUntil == null || !now.isBefore(lockedUntil) ? Duration.ZERO : Duration.between(now, lockedUntil);
    }
}
