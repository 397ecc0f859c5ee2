package io.registryconsole.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One finished phase, for waterfalls and metrics.
 *
 * @param detail   what the phase was about: a host, a repository, a layer digest
 * @param bytes    bytes transferred in the phase (0 when none)
 * @param failure  the category when the phase failed, else null
 */
public record PhaseTiming(Phase phase, String detail, Instant start, Duration duration, long bytes, Category failure) {

    public Optional<Category> failed() {
        return Optional.ofNullable(failure);
    }

    public Instant end() {
        return start.plus(duration);
    }
}
