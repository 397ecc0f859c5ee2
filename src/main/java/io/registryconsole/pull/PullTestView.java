package io.registryconsole.pull;

import java.time.Instant;
import java.util.List;

import io.registryconsole.distribution.Category;
import io.registryconsole.plan.ContainerRuntime;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A test pull and its result. Secrets never appear in it.
 *
 * @param image      the reference as pulled (normalised)
 * @param digest     the digest of the manifest for the chosen platform
 * @param platforms  every platform the image offers (empty for a single-platform image)
 * @param bytes      FULL: bytes transferred and verified (config plus layers); MANIFEST: the image's size when the
 *                   manifest was read
 * @param throughput FULL: bytes per second over the pull
 * @param phases     time per phase (DNS, CONNECT, TLS, PING, AUTH, MANIFEST, CONFIG, LAYERS, TAGS) of the attempt
 *                   that decided the result; parallel layers count once (wall time)
 * @param servedBy   the endpoint that served the image
 * @param attempts   every endpoint tried, in order
 */
@Schema(name = "PullTest")
public record PullTestView(long id, PullStatus status, String image,
                           @Schema(nullable = true) Long registryId, @Schema(nullable = true) String registryName,
                           @Schema(nullable = true) Long environmentId, @Schema(nullable = true) String environmentName,
                           @Schema(nullable = true) ContainerRuntime runtime, String platform, PullMode mode,
                           @Schema(nullable = true) String digest, @Schema(nullable = true) String mediaType, List<String> platforms,
                           @Schema(nullable = true) Long bytes, @Schema(nullable = true) Integer layers,
                           @Schema(nullable = true) Long durationMs, @Schema(nullable = true) Long throughput, List<Phase> phases,
                           @Schema(nullable = true) String servedBy, List<Attempt> attempts, @Schema(nullable = true) Failure failure,
                           long maxBytes, @Schema(nullable = true) String requestedBy, Instant createdAt,
                           @Schema(nullable = true) Instant startedAt, @Schema(nullable = true) Instant finishedAt) {

    @Schema(name = "PullPhase")
    public record Phase(String name, long durationMs, long bytes) {
    }

    /**
     * @param outcome OK, or the failure category
     * @param role    MIRROR or UPSTREAM
     */
    @Schema(name = "PullAttempt")
    public record Attempt(String endpoint, @Schema(nullable = true) Long registryId, String registryName, String role, String outcome,
                          long durationMs, @Schema(nullable = true) String message) {
    }

    /**
     * @param suggestions for MANIFEST_NOT_FOUND: existing tags, closest first (when the registry lists tags)
     */
    @Schema(name = "PullFailure")
    public record Failure(Category category, String message, String remediation, List<String> suggestions) {
    }
}
