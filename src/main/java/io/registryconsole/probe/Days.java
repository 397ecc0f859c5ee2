package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;

/** Whole days left until an expiry, rounded down (negative once expired), as the API shows them. */
final class Days {

    private Days() {
    }

    static Long between(Instant from, Instant expiry) {
        if (from == null || expiry == null) {
            return null;
        }
        return Math.floorDiv(Duration.between(from, expiry).toSeconds(), 86_400L);
    }
}
