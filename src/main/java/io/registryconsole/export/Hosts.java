package io.registryconsole.export;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Host names as container clients spell them, and Docker Hub's aliases. */
final class Hosts {

    /** How image references and containerd/k3s/registries.conf name Docker Hub. */
    static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's registry API endpoint. */
    static final String DOCKER_HUB_ENDPOINT = "https://registry-1.docker.io";
    /** The key under which the Docker CLI and kubectl store Docker Hub credentials. */
    static final String DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "hub.docker.com");

    private Hosts() {
    }

    static boolean isDockerHubEndpoint(String hostPort) {
        return DOCKER_HUB_ALIASES.contains(hostPort.toLowerCase(Locale.ROOT));
    }

    /** {@code docker.io} for every Docker Hub alias, otherwise the host[:port] lower-cased. */
    static String normaliseUpstream(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("https://") || h.startsWith("http://")) {
            h = hostPort(URI.create(h));
        }
        if (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.contains("/") || h.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\\')) {
            throw new IllegalArgumentException("'" + host + "' is not a registry host name (host[:port])");
        }
        return isDockerHubEndpoint(h) ? DOCKER_HUB : h;
    }

    static URI checkRegistryUrl(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("registry URL missing");
        }
        String scheme = url.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("registry URL '" + url + "' must start with https:// or http://");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "registry URL '" + url + "' must be scheme://host[:port][/prefix] without user, query or fragment");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("(/[a-z0-9][a-z0-9._-]*)+/?")) {
            throw new IllegalArgumentException("registry URL '" + url + "': the path must be a repository prefix"
                    + " of lower-case letters, digits, '.', '_', '-' and '/'");
        }
        return url;
    }

    static String hostPort(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equals(url.getScheme()) && port == 443)
                || ("http".equals(url.getScheme()) && port == 80);
        return defaultPort ? host : host + ":" + port;
    }

    static String origin(URI url) {
        return url.getScheme() + "://" + hostPort(url);
    }

    /** The path without slashes around it and without a leading {@code v2/} (the API root). */
    static String prefix(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        path = trimSlashes(path);
        if (path.equals("v2")) {
            return "";
        }
        if (path.startsWith("v2/")) {
            path = path.substring(3);
        }
        return path;
    }

    static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }

    /** A file name for a host[:port] that is safe on every file system (':' is not). */
    static String fileName(String hostPort) {
        return hostPort.replace(':', '_').replace('[', '_').replace(']', '_');
    }
}
