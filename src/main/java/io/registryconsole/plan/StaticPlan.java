package io.registryconsole.plan;

import java.util.List;

import io.registryconsole.distribution.ImageReference;

/**
 * What each runtime would try for an image, from the environment's configuration alone (no network).
 *
 * @param shortName whether the image names no registry (runtimes resolve it differently)
 */
public record StaticPlan(ImageReference reference, boolean shortName, List<RuntimePlan> runtimes, List<PlanFlag> flags) {

    public StaticPlan {
        runtimes = List.copyOf(runtimes);
        flags = List.copyOf(flags);
    }

    public RuntimePlan runtime(ContainerRuntime runtime) {
        return runtimes.stream().filter(r -> r.runtime() == runtime).findFirst().orElseThrow();
    }
}
