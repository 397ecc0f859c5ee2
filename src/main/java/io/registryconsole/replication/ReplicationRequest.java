package io.registryconsole.replication;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A one-off replication as the API takes it.
 *
 * @param tags      a regular expression the tag must match (default: every tag)
 * @param platforms {@code ALL} (default: indexes copied unchanged) or one platform such as {@code linux/amd64}
 */
public record ReplicationRequest(Long sourceRegistryId, Long targetRegistryId, List<String> repositories,
                                 @Schema(nullable = true, example = "^1\\.") String tags,
                                 @Schema(nullable = true, example = "mirror/") String targetPrefix,
                                 @Schema(nullable = true, example = "ALL") String platforms,
                                 @Schema(nullable = true, defaultValue = "true") Boolean withReferrers,
                                 @Schema(nullable = true, defaultValue = "false") Boolean dryRun) {
}
