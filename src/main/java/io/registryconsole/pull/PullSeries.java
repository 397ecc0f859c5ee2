package io.registryconsole.pull;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Finished test pulls over a window (for the charts): each pull with its duration and throughput, and the success
 * rate per bucket (oldest first, buckets without pulls left out). Cancelled pulls count in neither.
 */
@Schema(name = "PullSeries")
public record PullSeries(@Schema(nullable = true) Long registryId, @Schema(nullable = true) Long environmentId, String window,
                         Instant from, Instant to, long bucketSeconds, List<Point> pulls, List<Bucket> buckets) {

    /** @param throughput bytes per second, FULL pulls only */
    @Schema(name = "PullPoint")
    public record Point(long id, Instant finishedAt, PullStatus status, PullMode mode, @Schema(nullable = true) Long durationMs,
                        @Schema(nullable = true) Long bytes, @Schema(nullable = true) Long throughput) {
    }

    /** @param successRate percent of the bucket's pulls that succeeded */
    @Schema(name = "PullBucket")
    public record Bucket(Instant start, int pulls, int succeeded, int failed, double successRate) {
    }
}
