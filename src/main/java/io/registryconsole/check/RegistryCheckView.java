package io.registryconsole.check;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "RegistryCheck")
record RegistryCheckView(long registryId, String registryName, CheckReport report) {
}
