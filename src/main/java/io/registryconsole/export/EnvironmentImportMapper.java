package io.registryconsole.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.registry.RegistryUrl;
import io.registryconsole.registry.RegistryView;

/**
 * Maps an import plan back onto stored registries and the environment, through their services (so every rule and
 * audit entry applies). One transaction: if any registry or the environment is rejected, nothing is changed.
 */
@Component
public class EnvironmentImportMapper {

    private final EnvironmentExportMapper exports;
    private final EnvironmentService environments;
    private final RegistryService registries;
    private final ConfigImporter importer;

    EnvironmentImportMapper(EnvironmentExportMapper exports, EnvironmentService environments, RegistryService registries,
                            ConfigImporter importer) {
        this.exports = exports;
        this.environments = environments;
        this.registries = registries;
        this.importer = importer;
    }

    /**
     * Reads the file and plans against the stored environment; changes nothing.
     *
     * @throws ImportException when the file cannot be read, or proposes a registry the console cannot store (e.g. a
     *                         mirror URL with a path): found here, not late at confirm
     */
    @Transactional(readOnly = true)
    public ImportPlan preview(long environmentId, Format format, String content, String upstreamHost) {
        ExportEnvironment current = exports.withoutCredentials(environmentId);
        ImportPlan plan = importer.plan(current, importer.read(format, content, upstreamHost));
        List<ImportProblem> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        current.bindings().forEach(b -> known.add(b.registryName()));
        for (ExportBinding binding : plan.proposed().bindings()) {
            if (!known.add(binding.registryName())) {
                continue;
            }
            storableUrlProblem(binding, content).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new ImportException(format, problems);
        }
        return plan;
    }

    /**
     * A registry the import would create must pass the registry feature's URL rules. Those have no path: a Harbor
     * proxy project or a hosts.toml override_path cannot become a registry, and would silently lose its prefix if
     * matched to the host's registry instead.
     */
    private static Optional<ImportProblem> storableUrlProblem(ExportBinding binding, String content) {
        Integer line = lineOf(content, binding.hostPort(), binding.prefix());
        String field = "registry " + binding.url();
        if (!binding.prefix().isEmpty()) {
            return Optional.of(new ImportProblem(line, null, field, "has a path (/" + binding.prefix() + "): the console's"
                + " registries are scheme://host[:port] only, so a mirror inside a registry (a Harbor proxy-cache project,"
                + " containerd override_path) cannot be imported. Add " + binding.origin() + " as a registry and use "
                + binding.prefix() + "/ in image references, or remove this entry from the file"));
        }
        try {
            RegistryUrl.normalize(binding.url().toString(), storedInsecure(binding));
            return Optional.empty();
        } catch (RegistryUrl.InvalidUrlException e) {
            return Optional.of(new ImportProblem(line, null, field, e.getMessage()));
        }
    }

    /** The first line that names the host (and the prefix, when there is one); null when none does. */
    static Integer lineOf(String content, String hostPort, String prefix) {
        String[] lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].toLowerCase(java.util.Locale.ROOT);
            if (l.contains(hostPort) && (prefix.isEmpty() || l.contains("/" + prefix))) {
                return i + 1;
            }
        }
        return null;
    }

    /** A plain-HTTP registry is stored as insecure: that is what lets the console and clients speak HTTP to it. */
    private static boolean storedInsecure(ExportBinding binding) {
        return binding.insecure() || binding.plainHttp();
    }

    /** Plans again from the file itself (never from what a page sent back as the plan) and applies it. */
    @Transactional
    public EnvironmentView apply(long environmentId, Format format, String content, String upstreamHost) {
        ImportPlan plan = preview(environmentId, format, content, upstreamHost);
        EnvironmentView current = environments.get(environmentId);
        Map<String, Long> byName = new HashMap<>();
        for (BindingView b : current.registries()) {
            byName.put(b.registryName(), b.registryId());
        }
        for (RegistrySummary r : registries.allSummaries()) {
            byName.putIfAbsent(r.name(), r.id());
        }
        Map<String, Long> byOrigin = new HashMap<>();
        registries.allSummaries().forEach(r -> byOrigin.putIfAbsent(r.url(), r.id()));

        List<BindingRequest> bindings = new ArrayList<>();
        for (ExportBinding binding : plan.proposed().bindings()) {
            Long id = byName.get(binding.registryName());
            if (id == null) {
                id = byOrigin.get(binding.origin());
            }
            id = id == null ? create(binding, format) : updateIfChanged(id, binding);
            bindings.add(new BindingRequest(id, binding.role() == BindingRole.MIRROR
                ? io.registryconsole.environment.BindingRole.MIRROR : io.registryconsole.environment.BindingRole.PRIMARY,
                binding.mirrorOf(), binding.priority()));
        }
        ExportEnvironment proposed = plan.proposed();
        return environments.update(environmentId, new EnvironmentRequest(current.name(), current.description(),
            current.platform(), current.pullPolicy(), proposed.maxConcurrentDownloads(), bindings, current.version()));
    }

    private long create(ExportBinding binding, Format format) {
        return registries.create(new RegistryRequest(binding.registryName(), binding.url().toString(), null,
            storedInsecure(binding), binding.caPem(), binding.credential().map(EnvironmentImportMapper::credential).orElse(null),
            "imported from " + format.id(), null, null)).id();
    }

    private long updateIfChanged(long id, ExportBinding binding) {
        RegistryView stored = registries.get(id);
        String storedCa = registries.caCertificatePem(id).orElse(null);
        String ca = binding.caPem() == null ? storedCa : binding.caPem();
        boolean changed = stored.insecure() != binding.insecure() || !Objects.equals(ca, storedCa)
            || binding.credential().isPresent();
        if (!changed) {
            return id;
        }
        registries.update(id, new RegistryRequest(stored.name(), stored.url(), stored.provider(), binding.insecure(), ca,
            binding.credential().map(EnvironmentImportMapper::credential).orElse(null), stored.description(),
            stored.labels(), stored.version()));
        return id;
    }

    private static CredentialChange credential(ExportCredential credential) {
        return CredentialChange.set(credential.kind() == ExportCredential.Kind.BASIC
            ? new CredentialRequest(CredentialKind.BASIC, credential.username(), credential.secret(), null, null)
            : new CredentialRequest(CredentialKind.TOKEN, credential.username(), null, credential.secret(), null));
    }
}
