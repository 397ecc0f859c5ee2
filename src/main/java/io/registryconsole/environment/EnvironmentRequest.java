package io.registryconsole.environment;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.registryconsole.shared.Names;
import io.registryconsole.shared.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;

/** An environment as written by a client (POST creates, PUT replaces). Left-out fields take their defaults. */
@Schema(name = "EnvironmentInput")
public record EnvironmentRequest(
    @NotBlank @Size(max = 63) @Pattern(regexp = Names.PATTERN, message = Names.MESSAGE)
    @Schema(example = "prod", requiredMode = Schema.RequiredMode.REQUIRED)
    String name,
    @Size(max = 1000) @PlainText
    String description,
    @Schema(description = "os/architecture[/variant]; default linux/amd64", example = "linux/amd64")
    String platform,
    @Schema(description = "default IfNotPresent")
    PullPolicy pullPolicy,
    @Min(1) @Max(64)
    @Schema(description = "1 to 64; default 3", example = "3")
    Integer maxConcurrentDownloads,
    @Size(max = 50)
    @Schema(description = "in the order they should be listed")
    List<@NotNull @Valid BindingRequest> registries,
    @Schema(description = "required on PUT: the version you last read")
    Long version,
    @Valid
    @Schema(nullable = true, description = "signature policy; left out on PUT: the stored policy stays")
    TrustRequest trust,
    @Schema(description = "the HTTP proxy of the environment's nodes; left out on PUT: kept", nullable = true)
    ProxyRequest proxy) {

    public EnvironmentRequest(String name, String description, String platform, PullPolicy pullPolicy, Integer maxConcurrentDownloads,
                              List<BindingRequest> registries, Long version) {
        this(name, description, platform, pullPolicy, maxConcurrentDownloads, registries, version, null, null);
    }

    public EnvironmentRequest(String name, String description, String platform, PullPolicy pullPolicy, Integer maxConcurrentDownloads,
                              List<BindingRequest> registries, Long version, TrustRequest trust) {
        this(name, description, platform, pullPolicy, maxConcurrentDownloads, registries, version, trust, null);
    }
}
