package io.registryconsole.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the export renderers need to know about an environment: its defaults and its ordered
 * registry bindings. Independent of the JPA model so that renderers and importers stay plain classes.
 *
 * @param name                   environment name (used in comments and file names)
 * @param platform               default platform such as {@code linux/amd64}; may be null
 * @param pullPolicy             default Kubernetes imagePullPolicy; may be null
 * @param maxConcurrentDownloads layers pulled in parallel; null or 0 means the runtime's default
 * @param bindings               registry bindings in the order the user gave them
 * @param proxy                  the nodes' HTTP proxy, or null
 */
public record ExportEnvironment(String name, String platform, PullPolicy pullPolicy,
                                Integer maxConcurrentDownloads, List<ExportBinding> bindings,
                                boolean requireSignature, List<String> trustedKeysPem, ExportProxy proxy) {

    public ExportEnvironment {
        Objects.requireNonNull(name, "name");
        bindings = List.copyOf(bindings == null ? List.of() : bindings);
        trustedKeysPem = List.copyOf(trustedKeysPem == null ? List.of() : trustedKeysPem);
    }

    /** Without a proxy. */
    public ExportEnvironment(String name, String platform, PullPolicy pullPolicy, Integer maxConcurrentDownloads,
                             List<ExportBinding> bindings, boolean requireSignature, List<String> trustedKeysPem) {
        this(name, platform, pullPolicy, maxConcurrentDownloads, bindings, requireSignature, trustedKeysPem, null);
    }

    /** Without a trust policy. */
    public ExportEnvironment(String name, String platform, PullPolicy pullPolicy, Integer maxConcurrentDownloads,
                             List<ExportBinding> bindings) {
        this(name, platform, pullPolicy, maxConcurrentDownloads, bindings, false, List.of());
    }

    /** The same environment with the trust policy (whether signatures are required, the PEM public keys). */
    public ExportEnvironment withTrust(boolean require, List<String> keysPem) {
        return new ExportEnvironment(name, platform, pullPolicy, maxConcurrentDownloads, bindings, require, keysPem, proxy);
    }

    /** The same environment with an HTTP proxy for the nodes (null: none). */
    public ExportEnvironment withProxy(ExportProxy nodeProxy) {
        return new ExportEnvironment(name, platform, pullPolicy, maxConcurrentDownloads, bindings, requireSignature,
            trustedKeysPem, nodeProxy);
    }

    /** PRIMARY bindings, by priority (stable for equal priorities). */
    public List<ExportBinding> primaries() {
        return sorted(bindings.stream().filter(b -> b.role() == BindingRole.PRIMARY).toList());
    }

    /** MIRROR bindings of one upstream host (e.g. {@code docker.io}), in the order they are tried. */
    public List<ExportBinding> mirrorsOf(String upstream) {
        return sorted(bindings.stream()
                .filter(b -> b.role() == BindingRole.MIRROR && b.mirrorOf().equals(upstream)).toList());
    }

    /** All MIRROR bindings, by priority. */
    public List<ExportBinding> mirrors() {
        return sorted(bindings.stream().filter(b -> b.role() == BindingRole.MIRROR).toList());
    }

    /**
     * Every upstream host the environment configures, primaries first (by priority), then the
     * upstreams named by mirrors in order of first appearance.
     */
    public List<String> upstreams() {
        Set<String> hosts = new LinkedHashSet<>();
        primaries().forEach(b -> hosts.add(b.upstreamKey()));
        mirrors().forEach(b -> hosts.add(b.mirrorOf()));
        return List.copyOf(hosts);
    }

    /** The PRIMARY binding that serves an upstream host itself, if the environment has one. */
    public java.util.Optional<ExportBinding> primaryFor(String upstream) {
        return primaries().stream().filter(b -> b.upstreamKey().equals(upstream)).findFirst();
    }

    public boolean hasCredentials() {
        return bindings.stream().anyMatch(b -> b.credential().isPresent()) || (proxy != null && proxy.hasPassword());
    }

    private static List<ExportBinding> sorted(List<ExportBinding> list) {
        List<ExportBinding> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(ExportBinding::priority)); // List.sort is stable
        return copy;
    }
}
