package io.registryconsole.plan;

import io.registryconsole.environment.BindingRole;
import io.registryconsole.registry.RegistryProvider;

/**
 * A registry as an environment binds it, with what the planner needs to know about it.
 *
 * @param url           the stored registry URL, scheme://host[:port]
 * @param mirrorOf      for a MIRROR the upstream host it mirrors ({@code docker.io}); null for PRIMARY
 * @param hasCredential whether a login is stored for it
 */
public record PlanBinding(long registryId, String name, String url, RegistryProvider provider, boolean insecure, BindingRole role,
                          String mirrorOf, int priority, boolean hasCredential) {
}
