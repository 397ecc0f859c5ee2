package io.registryconsole.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.registryconsole.distribution.PingResult;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.RegistryAccess;

/**
 * What was measured about one registry of the environment, once per report.
 *
 * @param ping          the registry's answer with its stored settings (CA, insecure flag), or empty when it failed
 * @param pingFailure   why contacting it with the stored settings failed
 * @param anonymousPing {@code GET /v2/} without credentials: its status, or empty when the registry could not be reached
 * @param credentialSetAt when the stored secret was set (empty: anonymous)
 * @param labels        the registry's labels ({@code region=eu-west} marks its region)
 */
record RegistryEvidence(RegistryAccess access, List<String> labels, Optional<PingResult> ping, Optional<RegistryException> pingFailure,
                        Optional<Integer> anonymousPing, Optional<String> anonymousChallenge, Optional<Instant> credentialSetAt) {

    String name() {
        return access.name();
    }

    boolean plainHttp() {
        return access.url().startsWith("http://");
    }

    boolean hasCredential() {
        return access.secret() != null;
    }

    Optional<String> region() {
        return labels.stream().filter(l -> l.startsWith("region=")).map(l -> l.substring("region=".length())).findFirst();
    }
}
