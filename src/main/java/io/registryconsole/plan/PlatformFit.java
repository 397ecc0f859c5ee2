package io.registryconsole.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * PLATFORM_MISMATCH: what a runtime of the environment would pull has nothing for the environment's platform - an
 * index without it, or a single-platform image built for another one (only its config says which). containerd and
 * CRI-O refuse both ("no match for platform in manifest"); Docker refuses the index and pulls the single-platform
 * image, whose containers then fail with "exec format error". Asked once per digest, of the endpoint that serves it.
 */
final class PlatformFit {

    private PlatformFit() {
    }

    /** A runtime's pull: the endpoint that serves it and the digest it answered. */
    record Served(ContainerRuntime runtime, PlannedEndpoint endpoint, String digest) {
    }

    /**
     * @param problem why the digest at that endpoint does not fit the environment's platform; empty when it fits or
     *                the endpoint cannot tell
     */
    static List<PlanFlag> flags(List<Served> served, String platform, BiFunction<PlannedEndpoint, String, Optional<String>> problem) {
        Map<String, List<Served>> byDigest = new LinkedHashMap<>();
        served.forEach(s -> byDigest.computeIfAbsent(s.digest(), d -> new ArrayList<>()).add(s));
        List<PlanFlag> flags = new ArrayList<>();
        byDigest.forEach((digest, using) -> {
            PlannedEndpoint at = using.get(0).endpoint();
            problem.apply(at, digest).ifPresent(why -> flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "PLATFORM_MISMATCH",
                String.join(", ", using.stream().map(s -> s.runtime().name()).toList()) + " would pull " + digest + " from '"
                    + at.registryName() + "', which does not fit this environment's " + platform + ": " + why + ". containerd and CRI-O "
                    + "refuse it (\"no match for platform in manifest\"); Docker refuses an index without the platform and pulls a "
                    + "single-platform image, whose containers fail with \"exec format error\". Push an image for " + platform
                    + " (docker buildx build --platform ...) or correct the environment's platform",
                at.registryId(), using.size() == 1 ? using.get(0).runtime() : null)));
        });
        return flags;
    }
}
