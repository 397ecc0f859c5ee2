package io.registryconsole.replication;

import java.time.Instant;
import java.util.List;

import io.registryconsole.distribution.Category;
import io.swagger.v3.oas.annotations.media.Schema;

/** A replication with its result per image (API.md "Replications"). */
public record ReplicationView(long id, ReplicationStatus status, long sourceRegistryId, String sourceRegistryName,
                              long targetRegistryId, String targetRegistryName, List<String> repositories,
                              @Schema(nullable = true) String tags, @Schema(nullable = true) String targetPrefix, String platforms,
                              boolean withReferrers, boolean dryRun, @Schema(nullable = true) Long ruleId,
                              @Schema(nullable = true) String requestedBy, Instant createdAt,
                              @Schema(nullable = true) Instant startedAt, @Schema(nullable = true) Instant finishedAt,
                              @Schema(nullable = true) Long durationMs, long bytesCopied, int blobsCopied, int blobsMounted,
                              int blobsPresent, List<Image> images, @Schema(nullable = true) Failure failure) {

    /**
     * @param referrerOf the digest of the image this one refers to (a signature, SBOM or attestation), else null
     */
    public record Image(String repository, String tag, String targetRepository, @Schema(nullable = true) String digest,
                        @Schema(nullable = true) String referrerOf, ImageOutcome outcome, long bytesCopied,
                        @Schema(nullable = true) Failure failure) {
    }

    @Schema(name = "ReplicationFailure")
    public record Failure(Category category, String message, String remediation) {
    }

    public long count(ImageOutcome outcome) {
        return images.stream().filter(i -> i.outcome() == outcome).count();
    }
}
