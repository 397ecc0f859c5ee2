package io.registryconsole.plan;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A live try of one endpoint: a manifest HEAD, as a runtime's resolve step does.
 *
 * @param outcome     OK, or the failure category
 * @param digest      the digest the endpoint reports, when it served the manifest
 * @param message     what went wrong, when it did
 * @param remediation what to do about it, when something went wrong
 * @param latencyMs   with {@code measure}: median time of a manifest HEAD (after a warm-up)
 * @param throughputBytesPerSecond with {@code measure}: median throughput of downloading one real layer (after a warm-up)
 * @param measuredBytes with {@code measure}: the size of the layer measured
 * @param measureNote with {@code measure}: why the endpoint was not measured, when it was not
 */
@Schema(name = "EndpointTrial")
public record EndpointTrial(String outcome, @Schema(nullable = true) String digest, @Schema(nullable = true) String mediaType,
                            long durationMs, @Schema(nullable = true) String message, @Schema(nullable = true) String remediation,
                            @Schema(nullable = true) Long latencyMs, @Schema(nullable = true) Long throughputBytesPerSecond,
                            @Schema(nullable = true) Long measuredBytes, @Schema(nullable = true) String measureNote) {

    public static final String OK = "OK";

    public EndpointTrial(String outcome, String digest, String mediaType, long durationMs, String message, String remediation) {
        this(outcome, digest, mediaType, durationMs, message, remediation, null, null, null, null);
    }

    EndpointTrial withMeasurement(Measurement m) {
        return new EndpointTrial(outcome, digest, mediaType, durationMs, message, remediation, m.latencyMs(), m.throughputBytesPerSecond(),
            m.bytes(), m.note());
    }

    public boolean served() {
        return OK.equals(outcome);
    }
}
