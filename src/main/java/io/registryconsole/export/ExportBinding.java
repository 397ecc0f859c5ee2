package io.registryconsole.export;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One registry as an environment uses it.
 *
 * @param registryName the console's name of the registry (used to route the nginx proxy and in comments)
 * @param url          scheme://host[:port]; a path is a repository namespace prefix inside the registry
 *                     (e.g. a Harbor proxy-cache project: {@code https://harbor.example.com/dockerhub})
 * @param insecure     plain HTTP or TLS without verification
 * @param caPem        PEM of the CA that signs the registry's certificate, or null
 * @param role         PRIMARY or MIRROR
 * @param mirrorOf     for a MIRROR the upstream host it mirrors, e.g. {@code docker.io}; null for PRIMARY
 * @param priority     lower is tried first
 * @param credential   the login, if the registry needs one
 */
public record ExportBinding(String registryName, URI url, boolean insecure, String caPem, BindingRole role,
                            String mirrorOf, int priority, Optional<ExportCredential> credential) {

    public ExportBinding {
        Objects.requireNonNull(registryName, "registryName");
        Objects.requireNonNull(role, "role");
        credential = credential == null ? Optional.empty() : credential;
        url = Hosts.checkRegistryUrl(url);
        if (role == BindingRole.MIRROR) {
            if (mirrorOf == null || mirrorOf.isBlank()) {
                throw new IllegalArgumentException("mirror '" + registryName + "' needs the upstream host it mirrors");
            }
            mirrorOf = Hosts.normaliseUpstream(mirrorOf);
        } else {
            mirrorOf = null;
        }
        if (caPem != null && caPem.isBlank()) {
            caPem = null;
        }
    }

    public static ExportBinding primary(String name, String url) {
        return new ExportBinding(name, URI.create(url), false, null, BindingRole.PRIMARY, null, 0, Optional.empty());
    }

    public static ExportBinding mirror(String name, String url, String mirrorOf, int priority) {
        return new ExportBinding(name, URI.create(url), false, null, BindingRole.MIRROR, mirrorOf, priority,
                Optional.empty());
    }

    public ExportBinding withInsecure(boolean value) {
        return new ExportBinding(registryName, url, value, caPem, role, mirrorOf, priority, credential);
    }

    public ExportBinding withCaPem(String pem) {
        return new ExportBinding(registryName, url, insecure, pem, role, mirrorOf, priority, credential);
    }

    public ExportBinding withCredential(ExportCredential value) {
        return new ExportBinding(registryName, url, insecure, caPem, role, mirrorOf, priority,
                Optional.ofNullable(value));
    }

    public ExportBinding withPriority(int value) {
        return new ExportBinding(registryName, url, insecure, caPem, role, mirrorOf, value, credential);
    }

    /** scheme://host[:port] without path. */
    public String origin() {
        return Hosts.origin(url);
    }

    /** host[:port] as clients name the registry (default ports left out). */
    public String hostPort() {
        return Hosts.hostPort(url);
    }

    /** Repository namespace prefix inside the registry ("" when the URL has no path). */
    public String prefix() {
        return Hosts.prefix(url);
    }

    public boolean plainHttp() {
        return "http".equals(url.getScheme());
    }

    public boolean dockerHub() {
        return Hosts.isDockerHubEndpoint(hostPort());
    }

    /**
     * The host name images use for this registry when pulled directly: {@code docker.io} for Docker Hub,
     * otherwise host[:port].
     */
    public String upstreamKey() {
        return dockerHub() ? Hosts.DOCKER_HUB : hostPort();
    }

    /** The API root with the namespace prefix, for clients that take one (containerd override_path, k3s). */
    public String apiRootWithPrefix() {
        return origin() + "/v2/" + prefix();
    }
}
