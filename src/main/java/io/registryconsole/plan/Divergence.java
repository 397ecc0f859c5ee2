package io.registryconsole.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Compares the digests the endpoints of a live plan serve for one reference: a mirror that answers a tag with another
 * digest than the upstream it mirrors (a stale cache, or a push to the mirror) makes nodes behind it run another image
 * than nodes that go to the upstream; and runtimes whose first serving endpoints differ run different images for one
 * deployment. Pure: the caller supplies the trials and, for the messages, when an endpoint's image was built.
 */
final class Divergence {

    private Divergence() {
    }

    /**
     * @param created when the image an endpoint serves under that digest was built (its config's {@code created}),
     *                looked up only for endpoints that diverge
     */
    static List<PlanFlag> flags(StaticPlan plan, Map<String, EndpointTrial> trials,
                                BiFunction<PlannedEndpoint, String, Optional<Instant>> created) {
        List<PlanFlag> flags = new ArrayList<>();
        Set<String> reported = new LinkedHashSet<>();
        for (RuntimePlan rp : plan.runtimes()) {
            List<PlannedEndpoint> endpoints = rp.endpoints();
            for (int i = 0; i < endpoints.size(); i++) {
                PlannedEndpoint mirror = endpoints.get(i);
                String mirrorDigest = servedDigest(trials.get(mirror.key()));
                if (mirror.role() != PlannedEndpoint.EndpointRole.MIRROR || mirrorDigest == null) {
                    continue;
                }
                PlannedEndpoint upstream = upstreamAfter(endpoints, i);
                String upstreamDigest = upstream == null ? null : servedDigest(trials.get(upstream.key()));
                if (upstreamDigest == null || upstreamDigest.equals(mirrorDigest) || !reported.add(mirror.key() + "→" + upstream.key())) {
                    continue;
                }
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "MIRROR_DIVERGES", "mirror '" + mirror.registryName() + "' (" + mirror.url()
                    + ") answers " + mirror.reference() + " with " + mirrorDigest + built(created.apply(mirror, mirrorDigest))
                    + ", its upstream '" + upstream.registryName() + "' (" + upstream.url() + ") with " + upstreamDigest
                    + built(created.apply(upstream, upstreamDigest)) + ": nodes that pull through the mirror run another image than "
                    + "nodes that reach the upstream. The mirror's copy is stale (a pull-through cache keeps a tag until its TTL) or "
                    + "was pushed to directly; refresh or delete the mirror's tag, or pin the image by digest",
                    mirror.registryId(), null));
            }
        }
        Map<String, List<String>> runtimesByDigest = new LinkedHashMap<>();
        Map<String, String> sourceByDigest = new LinkedHashMap<>();
        for (RuntimePlan rp : plan.runtimes()) {
            for (PlannedEndpoint e : rp.endpoints()) {
                EndpointTrial trial = trials.get(e.key());
                if (trial != null && trial.served()) {
                    String digest = trial.digest() == null ? "an unknown digest" : trial.digest();
                    runtimesByDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(rp.runtime().name());
                    sourceByDigest.putIfAbsent(digest, "'" + e.registryName() + "'");
                    break;
                }
            }
        }
        if (runtimesByDigest.size() > 1) {
            List<String> parts = new ArrayList<>();
            runtimesByDigest.forEach((digest, runtimes) -> parts.add(String.join(" and ", runtimes) + " would run " + digest
                + " (from " + sourceByDigest.get(digest) + ")"));
            flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "RUNTIMES_DISAGREE", "the runtimes of this environment would run different "
                + "images for " + plan.reference() + ": " + String.join("; ", parts) + ". Nodes with different runtimes run "
                + "different code for one deployment; make the mirrors agree with the upstream, or pin the image by digest",
                null, null));
        }
        return flags;
    }

    private static String servedDigest(EndpointTrial trial) {
        return trial != null && trial.served() ? trial.digest() : null;
    }

    /** The upstream a mirror stands in for: the next UPSTREAM endpoint in the runtime's order. */
    private static PlannedEndpoint upstreamAfter(List<PlannedEndpoint> endpoints, int mirrorIndex) {
        for (int j = mirrorIndex + 1; j < endpoints.size(); j++) {
            if (endpoints.get(j).role() == PlannedEndpoint.EndpointRole.UPSTREAM) {
                return endpoints.get(j);
            }
        }
        return null;
    }

    private static String built(Optional<Instant> created) {
        return created.map(c -> " (image built " + c + ")").orElse("");
    }
}
