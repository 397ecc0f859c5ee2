package io.registryconsole.registry;

/** Just enough of a registry to name and reach it, e.g. in an environment's bindings or a select box. */
public record RegistrySummary(long id, String name, String url, RegistryProvider provider, boolean insecure) {
}
