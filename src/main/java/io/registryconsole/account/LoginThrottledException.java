package io.registryconsole.account;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without checking the credentials, because of too many recent failures. */
final class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("Too many failed sign-in attempts. Try again in " + describe(retryAfter) + ".");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, for a Retry-After header. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String describe(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return seconds < 120 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
    }
}
