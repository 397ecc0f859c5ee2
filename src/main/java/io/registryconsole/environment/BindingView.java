package io.registryconsole.environment;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "RegistryBinding")
public record BindingView(long registryId, String registryName, String registryUrl, BindingRole role,
                          @Schema(nullable = true) String mirrorOf, int priority) {
}
