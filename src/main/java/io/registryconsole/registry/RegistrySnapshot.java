package io.registryconsole.registry;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** What the audit trail stores of a registry: its view (no secret) and whether a new secret was written. */
record RegistrySnapshot(@JsonUnwrapped RegistryView registry, boolean secretChanged) {
}
