package io.registryconsole.replication;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A scheduled replication: the fields of a one-off one plus a name and an ISO-8601 interval ({@code PT1H}). */
public record ReplicationRuleRequest(String name, @Schema(example = "PT1H") String interval, Long sourceRegistryId, Long targetRegistryId,
                                     List<String> repositories, @Schema(nullable = true) String tags,
                                     @Schema(nullable = true) String targetPrefix, @Schema(nullable = true) String platforms,
                                     @Schema(nullable = true) Boolean withReferrers, @Schema(nullable = true) Boolean dryRun) {

    ReplicationRequest replication() {
        return new ReplicationRequest(sourceRegistryId, targetRegistryId, repositories, tags, targetPrefix, platforms, withReferrers, dryRun);
    }
}
