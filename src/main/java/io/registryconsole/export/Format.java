package io.registryconsole.export;

import java.util.Arrays;

/** The export formats, named as in the API path {@code /environments/{id}/exports/{format}}. */
public enum Format {
    DOCKER_DAEMON("docker-daemon", false),
    DOCKER_CONFIG("docker-config", true),
    CONTAINERD_HOSTS("containerd-hosts", false),
    REGISTRIES_CONF("registries-conf", false),
    K3S_REGISTRIES("k3s-registries", true),
    K8S_SECRET("k8s-secret", true),
    NGINX_PROXY("nginx-proxy", false),
    CONTAINERS_POLICY("containers-policy", false),
    REGISTRIES_D("registries-d", false),
    PROXY_DROP_INS("proxy-drop-ins", true);

    private final String id;
    private final boolean mayHoldSecrets;

    Format(String id, boolean mayHoldSecrets) {
        this.id = id;
        this.mayHoldSecrets = mayHoldSecrets;
    }

    /** The name used in URLs, zip folders and the UI. */
    public String id() {
        return id;
    }

    /**
     * Whether the format carries passwords or tokens when the environment has credentials. Exports
     * of these formats need ADMIN and are audited.
     */
    public boolean mayHoldSecrets() {
        return mayHoldSecrets;
    }

    /** Whether a file of this format can be read back by the import (policies and nginx configurations cannot). */
    public boolean importable() {
        return this != NGINX_PROXY && this != CONTAINERS_POLICY && this != REGISTRIES_D && this != PROXY_DROP_INS;
    }

    public static Format fromId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown export format '" + id + "'; one of "
                        + Arrays.stream(values()).map(Format::id).toList()));
    }

    @Override
    public String toString() {
        return id;
    }
}
