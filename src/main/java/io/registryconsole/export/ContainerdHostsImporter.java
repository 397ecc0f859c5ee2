package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Reads one containerd hosts.toml. Its upstream host is the folder it lives in (given by the caller) or,
 * failing that, the host of {@code server}. {@code server} is a PRIMARY binding, every {@code [host."..."]}
 * a MIRROR of the upstream, in file order.
 */
final class ContainerdHostsImporter {

    ImportedConfig read(String text, String upstreamHint) {
        LocatedTree tree = LocatedTree.parse(Format.CONTAINERD_HOSTS, Formats.TOML, text);
        JsonNode root = tree.root();
        List<String> warnings = new ArrayList<>();
        List<ImportedBinding> bindings = new ArrayList<>();
        String server = ImportSupport.string(tree, root, "", "server");
        Boolean skipVerify = ImportSupport.bool(tree, root, "", "skip_verify");
        Optional<URI> serverUrl = server == null ? Optional.empty() : ImportSupport.url(tree, "/server", server);
        String upstream = null;
        try {
            if (upstreamHint != null && !upstreamHint.isBlank()) {
                upstream = Hosts.normaliseUpstream(upstreamHint.replaceAll("^(.*)_([0-9]+)_$", "$1:$2"));
            } else if (serverUrl.isPresent()) {
                upstream = ImportSupport.upstreamOf(serverUrl.get());
            }
        } catch (IllegalArgumentException e) {
            tree.problem("", "upstream host: " + e.getMessage());
        }
        if (upstream == null && server == null) {
            tree.problem("", "hosts.toml has no server: say which registry host it configures (its folder name)");
        }
        tree.throwIfProblems();
        if (root.has("ca")) {
            warnings.add("server CA file " + root.path("ca") + " is a path on the node: paste the PEM into the registry");
        }
        serverUrl.ifPresent(u -> bindings.add(new ImportedBinding(dockerHubAware(u), true, Boolean.TRUE.equals(skipVerify),
                BindingRole.PRIMARY, null, null)));

        JsonNode hosts = root.get("host");
        if (hosts != null && !hosts.isObject()) {
            tree.problem("/host", "must be [host.\"<url>\"] tables");
        } else if (hosts != null) {
            for (String key : hosts.propertyNames()) {
                String pointer = "/host" + LocatedTree.seg(key);
                JsonNode host = hosts.get(key);
                if (!host.isObject()) {
                    tree.problem(pointer, "must be a table");
                    continue;
                }
                if (serverUrl.isPresent() && ImportSupport.url(tree, pointer, key)
                        .map(u -> Hosts.origin(u).equals(Hosts.origin(serverUrl.get())) && Hosts.prefix(u).isEmpty())
                        .orElse(false)) {
                    continue; // the server listed as a host as well (containerd 1.6 wants one [host] table)
                }
                readHost(tree, pointer, key, host, upstream, bindings, warnings);
            }
        }
        tree.throwIfProblems();
        return new ImportedConfig(Format.CONTAINERD_HOSTS, bindings, null, warnings);
    }

    private static void readHost(LocatedTree tree, String pointer, String key, JsonNode host, String upstream,
                                 List<ImportedBinding> bindings, List<String> warnings) {
        JsonNode capabilities = host.get("capabilities");
        if (capabilities != null) {
            if (!capabilities.isArray()) {
                tree.problem(pointer + "/capabilities", "must be a list such as [\"pull\", \"resolve\"]");
                return;
            }
            boolean pull = capabilities.valueStream().anyMatch(c -> "pull".equals(c.asString()));
            if (!pull) {
                warnings.add(key + " is not used for pulls (no \"pull\" capability); left out");
                return;
            }
        }
        Boolean skipVerify = ImportSupport.bool(tree, host, pointer, "skip_verify");
        Boolean overridePath = ImportSupport.bool(tree, host, pointer, "override_path");
        Optional<URI> url = ImportSupport.url(tree, pointer, key);
        if (url.isEmpty()) {
            return;
        }
        String path = Hosts.trimSlashes(url.get().getPath() == null ? "" : url.get().getPath());
        if (!path.isEmpty() && !Boolean.TRUE.equals(overridePath)) {
            warnings.add(key + ": a path without override_path (API root below /" + path
                    + "/v2) is not managed by the console; left out");
            return;
        }
        if (Boolean.TRUE.equals(overridePath) && !path.isEmpty() && !path.equals("v2") && !path.startsWith("v2/")) {
            warnings.add(key + ": override_path to an API root without /v2 is not managed by the console; left out");
            return;
        }
        if (host.has("ca")) {
            warnings.add(key + ": CA file " + host.path("ca") + " is a path on the node: paste the PEM into the registry");
        }
        if (host.has("header")) {
            warnings.add(key + ": extra headers are not managed by the console; left out");
        }
        bindings.add(new ImportedBinding(url.get(), true, Boolean.TRUE.equals(skipVerify), BindingRole.MIRROR,
                upstream, null));
    }

    private static URI dockerHubAware(URI server) {
        return Hosts.isDockerHubEndpoint(Hosts.hostPort(server)) ? URI.create(Hosts.DOCKER_HUB_ENDPOINT) : server;
    }
}
