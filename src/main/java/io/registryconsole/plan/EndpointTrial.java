package io.registryconsole.plan;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A live try of one endpoint: a manifest HEAD, as a runtime's resolve step does.
 *
 * @param outcome     OK, or the failure category
 * @param digest      the digest the endpoint reports, when it served the manifest
 * @param message     what went wrong, when it did
 * @param remediation what to do about it, when something went wrong
 */
@Schema(name = "EndpointTrial")
public record EndpointTrial(String outcome, @Schema(nullable = true) String digest, @Schema(nullable = true) String mediaType,
                            long durationMs, @Schema(nullable = true) String message, @Schema(nullable = true) String remediation) {

    public static final String OK = "OK";

    public boolean served() {
        return OK.equals(outcome);
    }
}
