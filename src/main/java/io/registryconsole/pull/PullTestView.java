package io.registryconsole.pull;

import java.time.Instant;
import java.util.List;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.SignatureKind;
import io.registryconsole.distribution.SignatureStatus;
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
                           @Schema(nullable = true) Instant startedAt, @Schema(nullable = true) Instant finishedAt,
                           Signature signature) {

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
    /**
     * What was found about the signature of the resolved digest (and of its index).
     *
     * @param kind   COSIGN or NOTATION; null when nothing was found or looked for
     * @param detail which key verified, or why nothing did, or why it was not looked at
     */
    @Schema(name = "PullSignature")
    public record Signature(SignatureStatus status, @Schema(nullable = true) SignatureKind kind, String detail) {

        static final Signature NOT_LOOKED_AT = new Signature(SignatureStatus.NOT_CHECKED, null,
            "not looked for: no trust policy requires a signature here");
        static final Signature NOT_REACHED = new Signature(SignatureStatus.NOT_CHECKED, null,
            "not looked at: the pull failed before the signature would have been checked");
    }

    @Schema(name = "PullFailure")
    public record Failure(Category category, String message, String remediation, List<String> suggestions) {
    }
}
