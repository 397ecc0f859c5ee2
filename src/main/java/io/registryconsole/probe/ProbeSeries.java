package io.registryconsole.probe;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A registry's probes over a window, in buckets of equal length (oldest first; buckets without probes left out).
 *
 * @param bucketSeconds the length of each bucket
 */
@Schema(name = "ProbeSeries")
public record ProbeSeries(long registryId, String window, Instant from, Instant to, long bucketSeconds, List<Bucket> buckets) {

    /**
     * @param start  the bucket's start
     * @param probes probes in the bucket; {@code up + down}
     * @param p50Ms  median latency of the probes that found the registry up; null when none did
     * @param p95Ms  95th percentile (nearest rank) of the same
     */
    @Schema(name = "ProbeBucket")
    public record Bucket(Instant start, int probes, int up, int down, @Schema(nullable = true) Long p50Ms,
                         @Schema(nullable = true) Long p95Ms) {
    }
}
