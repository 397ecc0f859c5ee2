package io.registryconsole.connect;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import io.registryconsole.registry.RegistryUrl;

/**
 * {@code console.outbound.only-registry-hosts}: which upstream hosts (hosts no stored registry of an environment
 * stands for) a test pull or plan trial may contact. Off by default; when on, only the hosts of stored registries and
 * {@code console.outbound.extra-hosts} are reachable, so image references cannot be used to scan a network.
 */
final class UpstreamHosts {

    private final boolean only;
    private final List<String> extra;
    private final Supplier<Collection<String>> storedUrls;

    UpstreamHosts(boolean only, List<String> extra, Supplier<Collection<String>> storedUrls) {
        this.only = only;
        // "quay.io:443" and "quay.io" are the same upstream for an https registry
        this.extra = extra.stream().map(e -> e.endsWith(":443") ? e.substring(0, e.length() - 4) : e).toList();
        this.storedUrls = storedUrls;
    }

    /**
     * @param domain     the registry part of an image reference, e.g. {@code docker.io} or {@code 10.0.0.5:5000}
     * @param apiHostPort where the console would connect for it, e.g. {@code registry-1.docker.io}
     * @return why the upstream may not be contacted, or empty
     */
    Optional<String> refusal(String domain, String apiHostPort) {
        if (!only) {
            return Optional.empty();
        }
        String d = domain.toLowerCase(Locale.ROOT);
        String api = apiHostPort.toLowerCase(Locale.ROOT);
        if (extra.contains(d) || extra.contains(api) || extra.contains(hostOnly(d)) || extra.contains(hostOnly(api))) {
            return Optional.empty();
        }
        for (String url : storedUrls.get()) {
            String stored = RegistryUrl.hostAndPort(url).toLowerCase(Locale.ROOT);
            if (stored.equals(d) || stored.equals(api)) {
                return Optional.empty();
            }
        }
        return Optional.of(domain + " is not the host of a stored registry, and console.outbound.only-registry-hosts limits "
            + "outbound traffic to those (and to console.outbound.extra-hosts)");
    }

    private static String hostOnly(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && !hostPort.endsWith("]") ? hostPort.substring(0, colon) : hostPort;
    }
}
