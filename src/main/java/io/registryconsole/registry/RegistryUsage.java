package io.registryconsole.registry;

import java.util.List;

/**
 * Implemented by features that reference registries (environments), so the registry feature can refuse to delete a
 * registry still in use without depending on them.
 */
public interface RegistryUsage {

    /** Human-readable names of whatever still uses the registry, e.g. {@code environment prod}; empty when unused. */
    List<String> usesOf(long registryId);
}
