package io.registryconsole.probe;

import java.util.Optional;

/**
 * Looks at one registry once and gives a verdict in the API's failure categories, so that probes, checks and test
 * pulls speak one language. Implementations must finish within {@link ProbeProperties#timeout()} and must never put
 * a secret in the outcome.
 */
interface RegistryProbe {

    /** @return empty when the registry does not exist (any more) */
    Optional<ProbeOutcome> probe(long registryId);
}
