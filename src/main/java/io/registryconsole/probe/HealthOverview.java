package io.registryconsole.probe;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** Every registry's probe state, by name, with counts per state. */
@Schema(name = "RegistryHealthOverview")
public record HealthOverview(int total, int up, int down, int unknown, List<RegistryHealthSummary> registries) {
}
