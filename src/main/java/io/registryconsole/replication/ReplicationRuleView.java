package io.registryconsole.replication;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

public record ReplicationRuleView(long id, String name, String interval, long sourceRegistryId, long targetRegistryId,
                                  List<String> repositories, @Schema(nullable = true) String tags,
                                  @Schema(nullable = true) String targetPrefix, String platforms, boolean withReferrers, boolean dryRun,
                                  @Schema(nullable = true) String createdBy, Instant createdAt,
                                  @Schema(nullable = true) Long lastReplicationId) {
}
