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
    Boolean live,
    @Schema(description = "also measure every endpoint that serves the image (latency, throughput on a real layer), rank them "
        + "and flag SLOW_MIRROR_FIRST; implies live; default false", nullable = true)
    Boolean measure) {
}
