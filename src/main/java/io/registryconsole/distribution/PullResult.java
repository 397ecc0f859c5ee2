package io.registryconsole.distribution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A full pull: manifest resolved, config and every layer downloaded and verified.
 *
 * @param bytes          config plus layer bytes transferred and verified
 * @param configPlatform os/architecture/variant the image configuration declares, when it is readable
 * @param duration       wall time of the whole operation
 * @param timings        every phase: connection, auth, manifest, config, each layer
 */
public record PullResult(ResolvedManifest manifest, long bytes, int layers, Optional<Platform> configPlatform, Duration duration,
                         List<PhaseTiming> timings) {

    public PullResult {
        timings = List.copyOf(timings);
    }

    /** Average rate over the whole operation, bytes per second. */
    public double bytesPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / seconds;
    }
}
