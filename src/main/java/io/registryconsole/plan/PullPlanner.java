package io.registryconsole.plan;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.registryconsole.distribution.ImageReference;
import io.registryconsole.environment.BindingRole;
import io.registryconsole.registry.RegistryProvider;

/**
 * The order in which each container runtime tries registries for an image, given an environment's bindings — the
 * same configuration the exports write:
 * <ul>
 * <li>Docker: {@code registry-mirrors} apply to Docker Hub images only (and cannot carry a path), in order, then
 * the registry itself; for any other registry dockerd goes straight to it.</li>
 * <li>containerd: the {@code hosts.toml} of the image's registry lists its mirrors by priority; the upstream comes
 * last (its {@code server}, or the registry's default endpoint).</li>
 * <li>CRI-O / podman: the {@code [[registry]]} with the longest matching prefix; its mirrors in order, then its
 * location. A short name is tried in the {@code unqualified-search-registries} (the environment's primaries).</li>
 * </ul>
 * Pure: no network, no Spring. Also flags configurations that cannot work.
 */
public final class PullPlanner {

    private static final Pattern PRODUCTION = Pattern.compile("(?i)(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)");

    private PullPlanner() {
    }

    /**
     * @throws io.registryconsole.distribution.RegistryException INVALID_REFERENCE when the image does not parse
     */
    public static StaticPlan plan(String environmentName, String environmentDescription, List<PlanBinding> bindings, String image) {
        ImageReference reference = ImageReference.parse(image.strip());
        boolean shortName = isShortName(image.strip());
        List<PlanFlag> flags = new ArrayList<>(configurationFlags(environmentName, environmentDescription, bindings));
        List<RuntimePlan> runtimes = List.of(docker(bindings, reference, flags), containerd(bindings, reference),
            crio(bindings, reference, image.strip(), shortName, flags));
        return new StaticPlan(reference, shortName, runtimes, flags);
    }

    /** Whether a reference names no registry: its first part has no dot or colon and is not localhost. */
    static boolean isShortName(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return true;
        }
        String first = image.substring(0, slash);
        return !(first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT)));
    }

    // ---------------------------------------------------------------- runtimes

    private static RuntimePlan docker(List<PlanBinding> bindings, ImageReference ref, List<PlanFlag> flags) {
        List<PlannedEndpoint> endpoints = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String upstream = ref.domain();
        List<PlanBinding> mirrors = mirrorsOf(bindings, upstream);
        if (upstream.equals(ImageReference.DOCKER_HUB_DOMAIN)) {
            for (PlanBinding m : mirrors) {
                endpoints.add(endpoint(m, PlannedEndpoint.EndpointRole.MIRROR, ref));
                if (m.hasCredential()) {
                    flags.add(new PlanFlag(PlanFlag.Severity.WARNING, "DOCKER_MIRROR_LOGIN",
                        "dockerd sends registry-mirrors only the Docker Hub login (docker login without a server), so mirror '" + m.name()
                            + "' gets no credentials of its own from Docker; let it serve anonymously or use containerd/CRI-O",
                        m.registryId(), ContainerRuntime.DOCKER));
                }
            }
        } else if (!mirrors.isEmpty()) {
            notes.add("dockerd ignores the mirror(s) " + names(mirrors) + " of " + upstream
                + ": registry-mirrors apply to Docker Hub images only");
        }
        endpoints.add(upstreamEndpoint(bindings, upstream, ref));
        return new RuntimePlan(ContainerRuntime.DOCKER, numbered(endpoints), notes);
    }

    private static RuntimePlan containerd(List<PlanBinding> bindings, ImageReference ref) {
        List<PlannedEndpoint> endpoints = new ArrayList<>();
        String upstream = ref.domain();
        for (PlanBinding m : mirrorsOf(bindings, upstream)) {
            endpoints.add(endpoint(m, PlannedEndpoint.EndpointRole.MIRROR, ref));
        }
        endpoints.add(upstreamEndpoint(bindings, upstream, ref));
        List<String> notes = new ArrayList<>();
        notes.add("hosts.toml of " + upstream + ": " + (endpoints.size() > 1 ? "mirrors by priority, then " : "") + "the upstream");
        return new RuntimePlan(ContainerRuntime.CONTAINERD, numbered(endpoints), notes);
    }

    private static RuntimePlan crio(List<PlanBinding> bindings, ImageReference ref, String image, boolean shortName, List<PlanFlag> flags) {
        List<PlannedEndpoint> endpoints = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        if (shortName) {
            candidates.addAll(searchRegistries(bindings));
            if (candidates.isEmpty()) {
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "SHORT_NAME_UNRESOLVABLE", "CRI-O and podman cannot resolve the short name "
                    + image + ": the environment has no primary registry, so registries.conf lists no unqualified-search-registries; "
                    + "write the image with its registry (e.g. docker.io/" + ref.repository() + ")", null, ContainerRuntime.CRIO));
                return new RuntimePlan(ContainerRuntime.CRIO, List.of(), List.of("short name without search registries"));
            }
            if (candidates.size() > 1) {
                flags.add(new PlanFlag(PlanFlag.Severity.WARNING, "SHORT_NAME_AMBIGUOUS", "the short name " + image + " matches "
                    + candidates.size() + " unqualified-search-registries (" + String.join(", ", candidates) + "): with "
                    + "short-name-mode \"enforcing\" CRI-O and podman refuse it without a TTY; write the image with its registry",
                    null, ContainerRuntime.CRIO));
            }
            notes.add("short name: tried in unqualified-search-registries " + candidates);
        } else {
            candidates.add(ref.domain());
        }
        for (String candidate : candidates) {
            ImageReference at = shortName ? ImageReference.parse(candidate + "/" + image) : ref;
            for (PlanBinding m : mirrorsOf(bindings, candidate)) {
                endpoints.add(endpoint(m, PlannedEndpoint.EndpointRole.MIRROR, at));
            }
            endpoints.add(upstreamEndpoint(bindings, candidate, at));
        }
        return new RuntimePlan(ContainerRuntime.CRIO, numbered(endpoints), notes);
    }

    // ---------------------------------------------------------------- flags

    private static List<PlanFlag> configurationFlags(String name, String description, List<PlanBinding> bindings) {
        List<PlanFlag> flags = new ArrayList<>();
        boolean production = PRODUCTION.matcher(name == null ? "" : name).find()
            || PRODUCTION.matcher(description == null ? "" : description).find();
        Set<String> primaryUpstreams = new LinkedHashSet<>(searchRegistries(bindings));
        for (PlanBinding b : bindings) {
            if (b.role() == BindingRole.MIRROR && b.provider() == RegistryProvider.HARBOR) {
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "HARBOR_PROJECT_AS_DOCKER_MIRROR", "'" + b.name() + "' is a Harbor "
                    + "registry bound as a mirror of " + b.mirrorOf() + ": Harbor serves a proxy cache under a project path "
                    + "(" + hostPort(b.url()) + "/<project>/...), which dockerd's registry-mirrors cannot carry, so Docker asks for "
                    + "/v2/<repository> at the root and finds nothing. Use containerd's hosts.toml with override_path or a "
                    + "registries.conf mirror location with the project path, or pull through the project by name", b.registryId(),
                    ContainerRuntime.DOCKER));
            }
            if (production && (b.insecure() || b.url().startsWith("http://"))) {
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "INSECURE_IN_PRODUCTION", "'" + b.name() + "' is insecure ("
                    + (b.url().startsWith("http://") ? "plain HTTP" : "TLS not verified") + ") in an environment labelled production: "
                    + "hardened nodes refuse insecure registries, and traffic and credentials can be intercepted; give it a trusted "
                    + "certificate (or store its CA)", b.registryId(), null));
            }
            if (b.role() == BindingRole.MIRROR && b.mirrorOf() != null && !b.mirrorOf().equals(ImageReference.DOCKER_HUB_DOMAIN)
                && !primaryUpstreams.contains(b.mirrorOf())) {
                flags.add(new PlanFlag(PlanFlag.Severity.WARNING, "MIRROR_OF_UNUSED_UPSTREAM", "'" + b.name() + "' mirrors "
                    + b.mirrorOf() + ", but no registry of this environment is " + b.mirrorOf() + ": only images that name "
                    + b.mirrorOf() + " explicitly use it (a typo in mirrorOf, or a registry binding missing?)", b.registryId(), null));
            }
        }
        return flags;
    }

    // ---------------------------------------------------------------- helpers

    private static List<PlanBinding> mirrorsOf(List<PlanBinding> bindings, String upstream) {
        return bindings.stream().filter(b -> b.role() == BindingRole.MIRROR && upstream.equals(b.mirrorOf()))
            .sorted(Comparator.comparingInt(PlanBinding::priority)).toList();
    }

    /** Upstream keys of the primaries, by priority: registries.conf's unqualified-search-registries. */
    private static List<String> searchRegistries(List<PlanBinding> bindings) {
        return bindings.stream().filter(b -> b.role() == BindingRole.PRIMARY).sorted(Comparator.comparingInt(PlanBinding::priority))
            .map(b -> upstreamKey(b.url())).distinct().toList();
    }

    private static PlannedEndpoint upstreamEndpoint(List<PlanBinding> bindings, String upstream, ImageReference ref) {
        Optional<PlanBinding> primary = bindings.stream()
            .filter(b -> b.role() == BindingRole.PRIMARY && upstreamKey(b.url()).equals(upstream))
            .min(Comparator.comparingInt(PlanBinding::priority));
        if (primary.isPresent()) {
            return endpoint(primary.get(), PlannedEndpoint.EndpointRole.UPSTREAM, ref);
        }
        String host = upstream.equals(ImageReference.DOCKER_HUB_DOMAIN) ? ImageReference.DOCKER_HUB_API_HOST : upstream;
        return new PlannedEndpoint(0, "https://" + host, null, upstream, PlannedEndpoint.EndpointRole.UPSTREAM, ref.repository(), ref);
    }

    private static PlannedEndpoint endpoint(PlanBinding b, PlannedEndpoint.EndpointRole role, ImageReference ref) {
        return new PlannedEndpoint(0, b.url(), b.registryId(), b.name(), role, ref.repository(), ref);
    }

    private static List<PlannedEndpoint> numbered(List<PlannedEndpoint> endpoints) {
        List<PlannedEndpoint> list = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            list.add(endpoints.get(i).withOrder(i + 1));
        }
        return list;
    }

    /** How image references name the registry at {@code url}: docker.io for Docker Hub, else host[:port]. */
    static String upstreamKey(String url) {
        String hostPort = hostPort(url);
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        return io.registryconsole.registry.RegistryUrl.isDockerHubHost(host) ? ImageReference.DOCKER_HUB_DOMAIN : hostPort;
    }

    static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String names(List<PlanBinding> bindings) {
        return String.join(", ", bindings.stream().map(b -> "'" + b.name() + "'").toList());
    }
}
