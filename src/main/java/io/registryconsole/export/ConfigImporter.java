package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reads client configuration files (daemon.json, config.json or a pull secret, registries.conf,
 * registries.yaml, hosts.toml) and proposes what they would change in an environment. Nothing is applied
 * here: the caller shows the {@link ImportPlan} and applies {@link ImportPlan#proposed()} on confirmation.
 * An invalid file raises {@link ImportException} naming the line or field.
 */
public final class ConfigImporter {

    private final ImportPlanner planner = new ImportPlanner();

    public ImportedConfig read(Format format, String content) {
        return read(format, content, null);
    }

    /**
     * @param upstreamHost for a hosts.toml: the registry host it configures (the name of its folder, e.g.
     *                     {@code docker.io} or {@code registry.example.com:5000}); null to take it from {@code server}
     */
    public ImportedConfig read(Format format, String content, String upstreamHost) {
        return switch (format) {
            case DOCKER_DAEMON -> new DaemonJsonImporter().read(content);
            case DOCKER_CONFIG -> new DockerConfigImporter().read(content);
            case REGISTRIES_CONF -> new RegistriesConfImporter().read(content);
            case K3S_REGISTRIES -> new K3sRegistriesImporter().read(content);
            case CONTAINERD_HOSTS -> new ContainerdHostsImporter().read(content, upstreamHost);
            case K8S_SECRET -> readSecret(content);
            case NGINX_PROXY -> throw new IllegalArgumentException("nginx configurations cannot be imported");
            case CONTAINERS_POLICY, REGISTRIES_D, PROXY_DROP_INS -> throw new IllegalArgumentException(format.id() + " files cannot be imported");
        };
    }

    public ImportPlan plan(ExportEnvironment current, ImportedConfig imported) {
        return planner.plan(current, imported);
    }

    /** Several files at once, e.g. every hosts.toml of a certs.d tree: one plan with all their changes. */
    public ImportPlan plan(ExportEnvironment current, List<ImportedConfig> files) {
        ExportEnvironment env = current;
        List<ImportChange> changes = new java.util.ArrayList<>();
        List<String> warnings = new java.util.ArrayList<>();
        for (ImportedConfig file : files) {
            ImportPlan step = planner.plan(env, file);
            env = step.proposed();
            changes.addAll(step.changes());
            warnings.addAll(step.warnings());
        }
        return new ImportPlan(env, changes, warnings);
    }

    /** A dockerconfigjson Secret: its decoded {@code .dockerconfigjson} is a config.json. */
    private static ImportedConfig readSecret(String content) {
        LocatedTree tree = LocatedTree.parse(Format.K8S_SECRET, Formats.YAML, content);
        JsonNode data = tree.root().path("data").path(".dockerconfigjson");
        if (!"kubernetes.io/dockerconfigjson".equals(tree.root().path("type").asString(""))) {
            tree.problem("/type", "must be kubernetes.io/dockerconfigjson");
        }
        if (!data.isString()) {
            tree.problem("/data", "needs .dockerconfigjson");
        }
        tree.throwIfProblems();
        String json;
        try {
            json = new String(Base64.getDecoder().decode(data.asString().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ImportException(Format.K8S_SECRET, List.of(new ImportProblem(null, null,
                    "data..dockerconfigjson", "is not valid base64")));
        }
        return new DockerConfigImporter().read(LocatedTree.parse(Format.K8S_SECRET, Formats.JSON, json), Format.K8S_SECRET);
    }
}
