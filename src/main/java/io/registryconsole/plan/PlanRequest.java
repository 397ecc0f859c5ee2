package io.registryconsole.plan;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "PlanInput")
record PlanRequest(
    @NotBlank @Size(max = 512)
    @Schema(example = "nginx:1.25", requiredMode = Schema.RequiredMode.REQUIRED)
    String image,
    @Schema(description = "try every endpoint live (manifest HEAD, in parallel); default true", nullable = true)
    Boolean live) {
}
