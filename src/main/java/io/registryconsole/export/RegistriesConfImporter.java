package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Reads containers-registries.conf v2. A {@code [[registry]]} whose prefix is an unqualified-search
 * registry (or that is insecure, or remapped to another location) is used directly: PRIMARY; its
 * {@code [[registry.mirror]]} entries are MIRRORs of the prefix, in order.
 */
final class RegistriesConfImporter {

    ImportedConfig read(String text) {
        LocatedTree tree = LocatedTree.parse(Format.REGISTRIES_CONF, Formats.TOML, text);
        JsonNode root = tree.root();
        List<String> warnings = new ArrayList<>();
        if (root.has("registries")) {
            tree.problem("/registries", "version 1 format ([registries.search] ...): convert the file to version 2"
                    + " ([[registry]] tables) first");
            tree.throwIfProblems();
        }
        Set<String> search = new LinkedHashSet<>();
        JsonNode searchList = root.get("unqualified-search-registries");
        if (searchList != null && !searchList.isArray()) {
            tree.problem("/unqualified-search-registries", "must be a list of host names");
        } else if (searchList != null) {
            for (int i = 0; i < searchList.size(); i++) {
                if (!searchList.get(i).isString()) {
                    tree.problem("/unqualified-search-registries/" + i, "must be a host name");
                    continue;
                }
                try {
                    search.add(Hosts.normaliseUpstream(searchList.get(i).asString()));
                } catch (IllegalArgumentException e) {
                    tree.problem("/unqualified-search-registries/" + i, e.getMessage());
                }
            }
        }
        List<ImportedBinding> bindings = new ArrayList<>();
        Set<String> declared = new LinkedHashSet<>();
        JsonNode registries = root.get("registry");
        if (registries != null && !registries.isArray()) {
            tree.problem("/registry", "must be [[registry]] tables");
        } else if (registries != null) {
            for (int i = 0; i < registries.size(); i++) {
                readRegistry(tree, "/registry/" + i, registries.get(i), search, bindings, declared, warnings);
            }
        }
        for (String host : search) {
            if (!declared.contains(host)) {
                ImportSupport.hostLocation(tree, "/unqualified-search-registries", host).ifPresent(u ->
                        bindings.add(new ImportedBinding(u, false, null, BindingRole.PRIMARY, null, null)));
            }
        }
        if (root.has("short-name-mode") || root.has("aliases")) {
            warnings.add("short-name-mode and aliases are not managed by the console: left out");
        }
        tree.throwIfProblems();
        return new ImportedConfig(Format.REGISTRIES_CONF, bindings, null, warnings);
    }

    private static void readRegistry(LocatedTree tree, String pointer, JsonNode entry, Set<String> search,
                                     List<ImportedBinding> bindings, Set<String> declared, List<String> warnings) {
        if (!entry.isObject()) {
            tree.problem(pointer, "must be a table");
            return;
        }
        String location = ImportSupport.string(tree, entry, pointer, "location");
        String prefix = ImportSupport.string(tree, entry, pointer, "prefix");
        Boolean insecure = ImportSupport.bool(tree, entry, pointer, "insecure");
        Boolean blocked = ImportSupport.bool(tree, entry, pointer, "blocked");
        if (prefix == null) {
            prefix = location;
        }
        if (prefix == null) {
            tree.problem(pointer, "needs a prefix or a location");
            return;
        }
        if (prefix.contains("/") || prefix.startsWith("*")) {
            warnings.add("registry prefix " + prefix + ": namespace and wildcard prefixes are not managed by the"
                    + " console; left out");
            return;
        }
        String upstream;
        try {
            upstream = Hosts.normaliseUpstream(prefix);
        } catch (IllegalArgumentException e) {
            tree.problem(pointer + "/prefix", e.getMessage());
            return;
        }
        if (Boolean.TRUE.equals(blocked)) {
            warnings.add("registry " + prefix + " is blocked: blocking is not managed by the console; left out");
            return;
        }
        declared.add(upstream);
        String target = location == null || location.isEmpty() ? prefix : location;
        boolean remapped = !ImportSupport.hostLocation(tree, pointer + "/location", target)
                .map(u -> Hosts.prefix(u).isEmpty() && ImportSupport.upstreamOf(u).equals(upstream)).orElse(true);
        if (search.contains(upstream) || Boolean.TRUE.equals(insecure) || remapped) {
            ImportSupport.hostLocation(tree, pointer + "/location", target).ifPresent(u ->
                    bindings.add(new ImportedBinding(u, false, Boolean.TRUE.equals(insecure), BindingRole.PRIMARY, null, null)));
        }
        JsonNode mirrors = entry.get("mirror");
        if (mirrors == null) {
            return;
        }
        if (!mirrors.isArray()) {
            tree.problem(pointer + "/mirror", "must be [[registry.mirror]] tables");
            return;
        }
        for (int m = 0; m < mirrors.size(); m++) {
            String mp = pointer + "/mirror/" + m;
            JsonNode mirror = mirrors.get(m);
            if (!mirror.isObject()) {
                tree.problem(mp, "must be a table");
                continue;
            }
            String mirrorLocation = ImportSupport.string(tree, mirror, mp, "location");
            Boolean mirrorInsecure = ImportSupport.bool(tree, mirror, mp, "insecure");
            if (mirrorLocation == null) {
                tree.problem(mp, "needs a location");
                continue;
            }
            Optional<URI> url = ImportSupport.hostLocation(tree, mp + "/location", mirrorLocation);
            url.ifPresent(u -> bindings.add(new ImportedBinding(u, false, Boolean.TRUE.equals(mirrorInsecure),
                    BindingRole.MIRROR, upstream, null)));
        }
    }
}
