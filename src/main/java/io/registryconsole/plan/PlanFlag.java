package io.registryconsole.plan;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Something about a plan that will not work (ERROR) or deserves attention (WARNING).
 *
 * @param code       stable name, e.g. HARBOR_PROJECT_AS_DOCKER_MIRROR
 * @param registryId the registry it is about, when one
 * @param runtime    the runtime it concerns, when only one
 */
@Schema(name = "PlanFlag")
public record PlanFlag(Severity severity, String code, String message, @Schema(nullable = true) Long registryId,
                       @Schema(nullable = true) ContainerRuntime runtime) {

    public enum Severity {
        ERROR, WARNING
    }
}
