package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares what a file says with an environment and proposes the changes: new registries and bindings,
 * insecure flags, logins, the order of mirrors, max-concurrent-downloads. An import never removes: a file
 * describes one client's view, so what it does not mention stays.
 */
final class ImportPlanner {

    ImportPlan plan(ExportEnvironment current, ImportedConfig imported) {
        List<ExportBinding> bindings = new ArrayList<>(current.bindings());
        List<ImportChange> changes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        bindings.forEach(b -> names.add(b.registryName()));

        for (ImportedBinding ib : imported.bindings()) {
            List<Integer> sameRegistry = indexesOf(bindings, ib);
            if (ib.role() != null) {
                Optional<Integer> sameUse = sameRegistry.stream()
                        .filter(i -> bindings.get(i).role() == ib.role()
                                && Objects.equals(bindings.get(i).mirrorOf(), ib.mirrorOf()))
                        .findFirst();
                if (sameUse.isEmpty()) {
                    ExportBinding added = newBinding(bindings, sameRegistry, ib, names, changes);
                    bindings.add(added);
                    sameRegistry = indexesOf(bindings, ib);
                    changes.add(new ImportChange(ImportChange.Kind.ADD_BINDING, added.registryName(),
                            ib.role() == BindingRole.MIRROR ? "mirror of " + ib.mirrorOf() : "primary"));
                }
            } else if (sameRegistry.isEmpty()) {
                // a login for a registry the environment does not use yet: propose it as PRIMARY
                ImportedBinding asPrimary = new ImportedBinding(ib.url(), ib.schemeKnown(), ib.insecure(),
                        BindingRole.PRIMARY, null, ib.credential());
                ExportBinding added = newBinding(bindings, sameRegistry, asPrimary, names, changes);
                bindings.add(added);
                sameRegistry = indexesOf(bindings, ib);
                changes.add(new ImportChange(ImportChange.Kind.ADD_BINDING, added.registryName(), "primary"));
            }
            updateRegistry(bindings, sameRegistry, ib, changes);
        }
        reorderMirrors(bindings, imported, changes);

        Integer downloads = current.maxConcurrentDownloads();
        if (imported.maxConcurrentDownloads() != null && !imported.maxConcurrentDownloads().equals(downloads)) {
            changes.add(new ImportChange(ImportChange.Kind.CHANGE_ENVIRONMENT, current.name(),
                    "maxConcurrentDownloads: " + downloads + " -> " + imported.maxConcurrentDownloads()));
            downloads = imported.maxConcurrentDownloads();
        }
        ExportEnvironment proposed = new ExportEnvironment(current.name(), current.platform(), current.pullPolicy(),
                downloads, bindings, current.requireSignature(), current.trustedKeysPem(), current.proxy());
        return new ImportPlan(proposed, changes, imported.warnings());
    }

    /** Bindings of the same registry: same host[:port]/prefix, and same scheme when the file knows it. */
    private static List<Integer> indexesOf(List<ExportBinding> bindings, ImportedBinding ib) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            ExportBinding b = bindings.get(i);
            String identity = b.hostPort() + (b.prefix().isEmpty() ? "" : "/" + b.prefix());
            if (identity.equals(ib.identity()) && (!ib.schemeKnown() || b.url().getScheme().equals(ib.url().getScheme()))) {
                result.add(i);
            }
        }
        return result;
    }

    private static ExportBinding newBinding(List<ExportBinding> bindings, List<Integer> sameRegistry, ImportedBinding ib,
                                            Set<String> names, List<ImportChange> changes) {
        int priority = ib.role() == BindingRole.MIRROR
                ? (int) bindings.stream().filter(b -> b.role() == BindingRole.MIRROR && b.mirrorOf().equals(ib.mirrorOf()))
                .mapToInt(ExportBinding::priority).max().orElse(0) + 1
                : (int) bindings.stream().filter(b -> b.role() == BindingRole.PRIMARY).count();
        if (!sameRegistry.isEmpty()) {
            // the registry is in the environment already (in another role): bind it once more
            ExportBinding known = bindings.get(sameRegistry.get(0));
            return new ExportBinding(known.registryName(), known.url(), known.insecure(), known.caPem(), ib.role(),
                    ib.mirrorOf(), priority, known.credential());
        }
        String name = uniqueName(ib.url(), names);
        URI url = ib.url();
        boolean insecure = Boolean.TRUE.equals(ib.insecure()) && !"http".equals(url.getScheme());
        changes.add(new ImportChange(ImportChange.Kind.ADD_REGISTRY, name, url + (insecure ? " (insecure)" : "")));
        return new ExportBinding(name, url, insecure, null, ib.role(), ib.mirrorOf(), priority, Optional.empty());
    }

    private static void updateRegistry(List<ExportBinding> bindings, List<Integer> sameRegistry, ImportedBinding ib,
                                       List<ImportChange> changes) {
        if (sameRegistry.isEmpty()) {
            return;
        }
        ExportBinding known = bindings.get(sameRegistry.get(0));
        if (ib.insecure() != null) {
            boolean knownInsecure = known.insecure() || known.plainHttp();
            if (knownInsecure != ib.effectivelyInsecure()) {
                boolean value = ib.effectivelyInsecure();
                changes.add(new ImportChange(ImportChange.Kind.CHANGE_REGISTRY, known.registryName(),
                        "insecure: " + knownInsecure + " -> " + value));
                sameRegistry.forEach(i -> bindings.set(i, bindings.get(i).withInsecure(value)));
            }
        }
        if (ib.credential() != null && !ib.credential().equals(known.credential().orElse(null))) {
            changes.add(new ImportChange(ImportChange.Kind.SET_CREDENTIAL, known.registryName(),
                    ib.credential().kind() + " login" + (ib.credential().username() == null ? ""
                            : " for " + ib.credential().username())));
            sameRegistry.forEach(i -> bindings.set(i, bindings.get(i).withCredential(ib.credential())));
        }
    }

    /** The file's order of the mirrors of each upstream wins; mirrors the file does not name follow. */
    private static void reorderMirrors(List<ExportBinding> bindings, ImportedConfig imported, List<ImportChange> changes) {
        Map<String, List<String>> order = new LinkedHashMap<>();
        for (ImportedBinding ib : imported.bindings()) {
            if (ib.role() == BindingRole.MIRROR) {
                order.computeIfAbsent(ib.mirrorOf(), k -> new ArrayList<>()).add(ib.identity());
            }
        }
        order.forEach((upstream, identities) -> {
            List<Integer> mirrors = new ArrayList<>();
            for (int i = 0; i < bindings.size(); i++) {
                if (bindings.get(i).role() == BindingRole.MIRROR && bindings.get(i).mirrorOf().equals(upstream)) {
                    mirrors.add(i);
                }
            }
            mirrors.sort((a, b) -> Integer.compare(bindings.get(a).priority(), bindings.get(b).priority()));
            List<Integer> wanted = new ArrayList<>();
            for (String identity : identities) {
                mirrors.stream().filter(i -> identity(bindings.get(i)).equals(identity) && !wanted.contains(i))
                        .findFirst().ifPresent(wanted::add);
            }
            mirrors.stream().filter(i -> !wanted.contains(i)).forEach(wanted::add);
            boolean sameOrder = wanted.equals(mirrors);
            if (!sameOrder) {
                changes.add(new ImportChange(ImportChange.Kind.CHANGE_BINDING, upstream, "mirror order: "
                        + String.join(", ", wanted.stream().map(i -> bindings.get(i).registryName()).toList())));
            }
            if (!sameOrder) {
                for (int rank = 0; rank < wanted.size(); rank++) {
                    int index = wanted.get(rank);
                    bindings.set(index, bindings.get(index).withPriority(rank + 1));
                }
            }
        });
    }

    private static String identity(ExportBinding b) {
        return b.hostPort() + (b.prefix().isEmpty() ? "" : "/" + b.prefix());
    }

    private static String uniqueName(URI url, Set<String> names) {
        String base = Hosts.isDockerHubEndpoint(Hosts.hostPort(url)) ? "docker-hub"
                : (Hosts.hostPort(url) + (Hosts.prefix(url).isEmpty() ? "" : "-" + Hosts.prefix(url)))
                .replaceAll("[^A-Za-z0-9.-]+", "-");
        String name = base;
        for (int i = 2; !names.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
