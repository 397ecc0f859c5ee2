package io.registryconsole.environment;

import java.util.List;

import org.springframework.stereotype.Component;

import io.registryconsole.registry.RegistryUsage;

/** Lets the registry feature refuse to delete a registry that environments are bound to. */
@Component
class EnvironmentRegistryUsage implements RegistryUsage {

    private final EnvironmentRepository environments;

    EnvironmentRegistryUsage(EnvironmentRepository environments) {
        this.environments = environments;
    }

    @Override
    public List<String> usesOf(long registryId) {
        List<String> names = environments.namesBoundTo(registryId);
        return names.isEmpty() ? List.of() : List.of((names.size() == 1 ? "environment " : "environments ") + String.join(", ", names));
    }
}
