package io.registryconsole.registry;

/**
 * @param name     part of the name, case-insensitive; null for any
 * @param label    a label the registry must carry; null for any
 * @param provider null for any
 */
public record RegistryFilter(String name, String label, RegistryProvider provider) {

    public static final RegistryFilter ALL = new RegistryFilter(null, null, null);
}
