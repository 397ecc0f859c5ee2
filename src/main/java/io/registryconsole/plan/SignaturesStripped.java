package io.registryconsole.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * SIGNATURES_STRIPPED: the environment requires signatures, the upstream has one for the digest, and a mirror that
 * serves the same digest has none - replication or a pull-through cache that copies images but not their
 * {@code .sig} tags or referrers. Pulls served by that mirror then fail the signature policy.
 */
final class SignaturesStripped {

    private SignaturesStripped() {
    }

    static List<PlanFlag> flags(StaticPlan plan, Map<String, EndpointTrial> trials, BiFunction<PlannedEndpoint, String, Optional<Boolean>> signed) {
        Map<String, PlannedEndpoint> distinct = new LinkedHashMap<>();
        plan.runtimes().forEach(r -> r.endpoints().forEach(e -> distinct.putIfAbsent(e.key(), e)));
        Map<String, Boolean> checked = new LinkedHashMap<>();
        for (PlannedEndpoint e : distinct.values()) {
            EndpointTrial t = trials.get(e.key());
            if (e.role() == PlannedEndpoint.EndpointRole.UPSTREAM && t != null && t.served() && t.digest() != null
                && signed.apply(e, t.digest()).orElse(false)) {
                checked.put(t.digest(), true);
            }
        }
        List<PlanFlag> flags = new ArrayList<>();
        for (PlannedEndpoint e : distinct.values()) {
            EndpointTrial t = trials.get(e.key());
            if (e.role() != PlannedEndpoint.EndpointRole.MIRROR || t == null || !t.served() || t.digest() == null
                || !checked.containsKey(t.digest())) {
                continue;
            }
            if (signed.apply(e, t.digest()).filter(has -> !has).isPresent()) {
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "SIGNATURES_STRIPPED", "mirror '" + e.registryName() + "' serves "
                    + t.digest() + " without the signature its upstream has, and the environment requires signatures: pulls "
                    + "served by it fail with SIGNATURE_MISSING. Copy signatures along (cosign copy, skopeo copy with sigstore "
                    + "attachments, a replication that carries referrers)", e.registryId(), null));
            }
        }
        return flags;
    }
}
