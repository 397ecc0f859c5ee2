package io.registryconsole.environment;

/**
 * @param name       part of the name, case-insensitive; null for any
 * @param registryId only environments bound to this registry; null for any
 */
public record EnvironmentFilter(String name, Long registryId) {

    public static final EnvironmentFilter ALL = new EnvironmentFilter(null, null);
}
