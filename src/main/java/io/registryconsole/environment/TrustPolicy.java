package io.registryconsole.environment;

import java.util.List;

/** What test pulls, exports and the compliance report need of an environment's trust policy: the keys themselves. */
public record TrustPolicy(boolean requireSignature, List<String> publicKeysPem) {

    public static final TrustPolicy NONE = new TrustPolicy(false, List.of());

    public TrustPolicy {
        publicKeysPem = List.copyOf(publicKeysPem);
    }
}
