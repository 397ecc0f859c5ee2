package io.registryconsole.distribution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of checking the stored credentials against a registry (as {@code docker login} does).
 *
 * @param scheme              {@code Bearer}, {@code Basic} or {@code none} (the registry asks for nothing)
 * @param anonymous           whether no credentials are stored
 * @param credentialsVerified whether the registry or its token service accepted them (false when anonymous or when
 *                            the registry never asks, so nothing could be verified)
 * @param tokenLifetime       lifetime of the token the token service issued, for Bearer
 * @param tokenService        host of the token realm, for Bearer
 */
public record AuthResult(String scheme, boolean anonymous, boolean credentialsVerified, Optional<Duration> tokenLifetime,
                         Optional<String> tokenService, List<PhaseTiming> timings) {

    public AuthResult {
        timings = List.copyOf(timings);
    }
}
