package io.registryconsole.environment;

import java.util.Locale;
import java.util.regex.Pattern;

import io.registryconsole.registry.RegistryUrl;

/** The upstream a mirror stands in for, spelled as image references and container runtimes spell it: host[:port]. */
final class Upstreams {

    static final String DOCKER_HUB = "docker.io";

    private static final Pattern HOST_PORT = Pattern.compile(
        "^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?$");

    private Upstreams() {
    }

    /** @throws IllegalArgumentException with a message fit to show next to the field */
    static String normalize(String raw) {
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.contains("://")) {
            throw new IllegalArgumentException("is the upstream host as image names spell it, without scheme, e.g. docker.io");
        }
        if (text.contains("/")) {
            throw new IllegalArgumentException("is a registry host, not a repository: e.g. docker.io or ghcr.io, no path");
        }
        if (!HOST_PORT.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a host name with optional port, e.g. docker.io or registry.local:5000");
        }
        return RegistryUrl.isDockerHubHost(text) ? DOCKER_HUB : text;
    }

    /** Whether a registry at {@code registryUrl} is the upstream itself. */
    static boolean isSameAs(String upstream, String registryUrl) {
        String hostPort = RegistryUrl.hostAndPort(registryUrl);
        return RegistryUrl.isDockerHubHost(hostPort) ? upstream.equals(DOCKER_HUB) : upstream.equals(hostPort);
    }
}
