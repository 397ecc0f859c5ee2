package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * The Docker CLI's {@code config.json} ({@code auths}), also read by podman/skopeo as auth.json and by
 * kubelet from a pull secret. Docker Hub is stored under {@code https://index.docker.io/v1/}, every other
 * registry under its host[:port], as {@code docker login} does.
 */
final class DockerConfigJson implements Renderer {

    @Override
    public Format format() {
        return Format.DOCKER_CONFIG;
    }

    @Override
    public ExportResult render(ExportEnvironment env, ExportOptions options) {
        List<String> warnings = new ArrayList<>();
        ObjectNode root = Formats.JSON.createObjectNode();
        ObjectNode auths = root.putObject("auths");
        credentials(env, warnings).forEach((key, c) -> auths.set(key, entry(c, false)));
        if (auths.isEmpty()) {
            warnings.add("no registry of environment " + env.name() + " has a credential: config.json has no auths");
        }
        ExportFile file = new ExportFile("config.json", "~/.docker/config.json", Formats.json(root), "application/json");
        return new ExportResult(format(), List.of(file), warnings, !auths.isEmpty());
    }

    /** The credentials by config key, in binding order; the first binding wins when two share a host. */
    static Map<String, ExportCredential> credentials(ExportEnvironment env, List<String> warnings) {
        Map<String, ExportCredential> result = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        for (ExportBinding b : env.bindings()) {
            if (b.credential().isEmpty()) {
                continue;
            }
            String key = authKey(b);
            if (result.containsKey(key)) {
                if (!result.get(key).equals(b.credential().get())) {
                    warnings.add("registries " + owner.get(key) + " and " + b.registryName() + " share " + key
                            + " with different logins: config.json keeps the one of " + owner.get(key));
                }
                continue;
            }
            result.put(key, b.credential().get());
            owner.put(key, b.registryName());
        }
        return result;
    }

    static String authKey(ExportBinding b) {
        return b.dockerHub() ? Hosts.DOCKER_HUB_AUTH_KEY : b.hostPort();
    }

    /**
     * One {@code auths} entry. {@code withUserPassword} adds the separate username/password fields, as
     * {@code kubectl create secret docker-registry} writes them.
     */
    static ObjectNode entry(ExportCredential c, boolean withUserPassword) {
        ObjectNode e = Formats.JSON.createObjectNode();
        if (c.kind() == ExportCredential.Kind.BASIC) {
            if (withUserPassword) {
                e.put("username", c.username());
                e.put("password", c.secret());
            }
            e.put("auth", base64(c.username() + ":" + c.secret()));
        } else {
            if (c.username() != null && !c.username().isEmpty()) {
                e.put("auth", base64(c.username() + ":"));
            }
            e.put("identitytoken", c.secret());
        }
        return e;
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
