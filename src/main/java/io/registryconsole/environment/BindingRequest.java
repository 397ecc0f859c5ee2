package io.registryconsole.environment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "RegistryBindingInput")
public record BindingRequest(
    @NotNull @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Long registryId,
    @NotNull @Schema(requiredMode = Schema.RequiredMode.REQUIRED) BindingRole role,
    @Size(max = 255)
    @Schema(description = "MIRROR only, required there: the upstream registry host as image names spell it",
        example = "docker.io")
    String mirrorOf,
    @Min(0) @Max(1000)
    @Schema(description = "among mirrors of the same upstream, lower is tried first; default 0", example = "1")
    Integer priority) {

    public static BindingRequest primary(long registryId) {
        return new BindingRequest(registryId, BindingRole.PRIMARY, null, null);
    }

    public static BindingRequest mirror(long registryId, String mirrorOf, int priority) {
        return new BindingRequest(registryId, BindingRole.MIRROR, mirrorOf, priority);
    }
}
