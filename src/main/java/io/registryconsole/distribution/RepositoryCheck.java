package io.registryconsole.distribution;

import java.util.List;
import java.util.Optional;

/**
 * A repository exists and may be pulled with the stored credentials.
 *
 * @param sampleTag one tag of the repository, when it has any
 */
public record RepositoryCheck(String repository, Optional<String> sampleTag, List<PhaseTiming> timings) {

    public RepositoryCheck {
        timings = List.copyOf(timings);
    }
}
