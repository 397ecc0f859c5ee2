package io.registryconsole.environment;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "Environment")
public record EnvironmentView(long id, String name, String description, String platform, PullPolicy pullPolicy,
                              int maxConcurrentDownloads, List<BindingView> registries, Instant createdAt,
                              Instant updatedAt,
                              @Schema(description = "send it back on PUT; a stale version gets 409") long version,
                              TrustView trust,
                              @Schema(nullable = true) ProxyView proxy) {

    public EnvironmentView(long id, String name, String description, String platform, PullPolicy pullPolicy, int maxConcurrentDownloads,
                           List<BindingView> registries, Instant createdAt, Instant updatedAt, long version) {
        this(id, name, description, platform, pullPolicy, maxConcurrentDownloads, registries, createdAt, updatedAt, version, TrustView.NONE, null);
    }
}
