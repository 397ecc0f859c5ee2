package io.registryconsole.check;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "CheckInput")
record CheckRequest(
    @Size(max = 255)
    @Schema(description = "also check pull access to this repository", example = "library/nginx", nullable = true)
    String repository) {
}
