package io.registryconsole.pull;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.registryconsole.plan.ContainerRuntime;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "PullTestInput", description = "exactly one of registryId and environmentId")
public record PullTestRequest(
    @NotBlank @Size(max = 512)
    @Schema(example = "library/nginx:1.25", requiredMode = Schema.RequiredMode.REQUIRED,
        description = "for a registry: relative to it unless it names one; for an environment: as a runtime would get it")
    String image,
    @Schema(nullable = true) Long registryId,
    @Schema(nullable = true) Long environmentId,
    @Size(max = 64)
    @Schema(example = "linux/arm64", nullable = true, description = "os/architecture[/variant]; default: the environment's, else linux/amd64")
    String platform,
    @Schema(nullable = true, description = "default MANIFEST") PullMode mode,
    @Schema(nullable = true, description = "environment pulls: whose endpoint order to follow; default CONTAINERD")
    ContainerRuntime runtime,
    @Positive
    @Schema(nullable = true, description = "byte cap of a FULL pull, at most the configured console.pull-tests.max-bytes")
    Long maxBytes) {

    public static PullTestRequest ofRegistry(String image, long registryId, PullMode mode) {
        return new PullTestRequest(image, registryId, null, null, mode, null, null);
    }
}
