package io.registryconsole.check;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "BatchCheckInput")
record BatchCheckRequest(
    @Size(max = 1000)
    @Schema(description = "the registries to check; left out or empty: every registry")
    List<@NotNull Long> registryIds) {
}
