package io.registryconsole.plan;

import java.util.List;

/**
 * The endpoints one runtime tries for an image, in order, and what else it does with the configuration.
 *
 * @param notes plain facts about the runtime's behaviour for this image (mirrors it ignores, short-name handling)
 */
public record RuntimePlan(ContainerRuntime runtime, List<PlannedEndpoint> endpoints, List<String> notes) {

    public RuntimePlan {
        endpoints = List.copyOf(endpoints);
        notes = List.copyOf(notes);
    }
}
