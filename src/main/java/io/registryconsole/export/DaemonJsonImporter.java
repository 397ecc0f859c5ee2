package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** Reads dockerd's daemon.json: registry-mirrors (of Docker Hub), insecure-registries, max-concurrent-downloads. */
final class DaemonJsonImporter {

    private static final Set<String> READ = Set.of("registry-mirrors", "insecure-registries", "max-concurrent-downloads",
            "max-download-attempts");

    ImportedConfig read(String text) {
        LocatedTree tree = LocatedTree.parse(Format.DOCKER_DAEMON, Formats.JSON, text);
        JsonNode root = tree.root();
        List<String> warnings = new ArrayList<>();
        Map<String, URI> mirrors = new LinkedHashMap<>();
        JsonNode list = root.get("registry-mirrors");
        if (list != null && !list.isArray()) {
            tree.problem("/registry-mirrors", "must be a list of URLs");
        } else if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String pointer = "/registry-mirrors/" + i;
                if (!list.get(i).isString()) {
                    tree.problem(pointer, "must be a URL string");
                    continue;
                }
                Optional<URI> url = ImportSupport.url(tree, pointer, list.get(i).asString());
                if (url.isPresent() && !Hosts.prefix(url.get()).isEmpty()) {
                    tree.problem(pointer, "dockerd accepts mirrors without a path only");
                } else {
                    url.ifPresent(u -> mirrors.putIfAbsent(Hosts.hostPort(u), u));
                }
            }
        }
        List<String> insecure = new ArrayList<>();
        JsonNode insecureList = root.get("insecure-registries");
        if (insecureList != null && !insecureList.isArray()) {
            tree.problem("/insecure-registries", "must be a list of host[:port] or CIDR");
        } else if (insecureList != null) {
            for (int i = 0; i < insecureList.size(); i++) {
                JsonNode entry = insecureList.get(i);
                if (!entry.isString()) {
                    tree.problem("/insecure-registries/" + i, "must be a string");
                } else if (entry.asString().matches("[0-9a-fA-F.:]+/[0-9]{1,3}")) {
                    warnings.add("insecure-registries: the network " + entry.asString()
                            + " is not a registry; not imported");
                } else {
                    ImportSupport.hostLocation(tree, "/insecure-registries/" + i, entry.asString())
                            .ifPresent(u -> insecure.add(Hosts.hostPort(u)));
                }
            }
        }
        Integer downloads = null;
        JsonNode mcd = root.get("max-concurrent-downloads");
        if (mcd != null) {
            if (!mcd.isInt() || mcd.asInt() < 0) {
                tree.problem("/max-concurrent-downloads", "must be a whole number of at least 0");
            } else {
                downloads = mcd.asInt();
            }
        }
        JsonNode attempts = root.get("max-download-attempts");
        if (attempts != null && (!attempts.isInt() || attempts.asInt() < 1)) {
            tree.problem("/max-download-attempts", "must be a whole number of at least 1");
        }
        tree.throwIfProblems();

        List<ImportedBinding> bindings = new ArrayList<>();
        mirrors.forEach((hostPort, url) -> bindings.add(new ImportedBinding(url, true, insecure.contains(hostPort),
                BindingRole.MIRROR, Hosts.DOCKER_HUB, null)));
        for (String hostPort : insecure) {
            if (!mirrors.containsKey(hostPort)) {
                bindings.add(new ImportedBinding(URI.create("https://" + hostPort), false, true, BindingRole.PRIMARY,
                        null, null));
            }
        }
        List<String> ignored = root.propertyNames().stream().filter(k -> !READ.contains(k)).toList();
        if (!ignored.isEmpty()) {
            warnings.add("not managed by the console, left out: " + String.join(", ", ignored));
        }
        return new ImportedConfig(Format.DOCKER_DAEMON, bindings, downloads, warnings);
    }
}
