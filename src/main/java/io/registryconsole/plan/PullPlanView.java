package io.registryconsole.plan;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The ordered endpoints each runtime would try for an image in an environment, each tried live, and which serves it.
 *
 * @param image   the reference as docker normalises it
 * @param ranking with {@code measure}: the endpoints that serve the image, fastest first (the suggested order)
 */
@Schema(name = "PullPlan")
public record PullPlanView(long environmentId, String environmentName, String image, boolean shortName, List<RuntimeView> runtimes,
                           List<PlanFlag> flags, boolean live, Instant checkedAt, List<RankedEndpoint> ranking) {

    public PullPlanView(long environmentId, String environmentName, String image, boolean shortName, List<RuntimeView> runtimes,
                        List<PlanFlag> flags, boolean live, Instant checkedAt) {
        this(environmentId, environmentName, image, shortName, runtimes, flags, live, checkedAt, List.of());
    }

    /** One measured endpoint in the suggested order. */
    @Schema(name = "RankedEndpoint")
    public record RankedEndpoint(int rank, String url, @Schema(nullable = true) Long registryId, String registryName, String digest,
                                 long throughputBytesPerSecond, long latencyMs) {
    }

    /**
     * @param servedBy the URL of the first endpoint in the runtime's order that served the image; null when none did
     *                 (or when nothing was tried)
     */
    @Schema(name = "RuntimePlan")
    public record RuntimeView(ContainerRuntime runtime, List<EndpointView> endpoints, @Schema(nullable = true) String servedBy,
                              List<String> notes) {
    }

    @Schema(name = "PlanEndpoint")
    public record EndpointView(int order, String url, @Schema(nullable = true) Long registryId, String registryName,
                               PlannedEndpoint.EndpointRole role, String repository, @Schema(nullable = true) EndpointTrial trial) {
    }
}
