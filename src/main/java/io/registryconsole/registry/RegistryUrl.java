package io.registryconsole.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.registryconsole.distribution.NumericHost;

/**
 * Turns what people paste into a registry endpoint: {@code scheme://host[:port]}, nothing else.
 *
 * <p>Messages never repeat the input: a pasted URL may carry a password ({@code https://user:pw@host}).
 */
public final class RegistryUrl {

    /** Where the Docker Hub registry API actually lives. */
    public static final String DOCKER_HUB = "https://registry-1.docker.io";

    private static final Set<String> DOCKER_HUB_HOSTS =
        Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern V2_PATH = Pattern.compile("^/v2(/.*)?$");

    private RegistryUrl() {
    }

    /** The rejected URL; the message is fit to show next to the field. */
    public static final class InvalidUrlException extends IllegalArgumentException {
        InvalidUrlException(String message) {
            super(message);
        }
    }

    public static boolean isDockerHubHost(String host) {
        return DOCKER_HUB_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    /**
     * @param insecure the registry may be reached over plain HTTP / without certificate checks; only then an
     *                 {@code http://} URL is accepted, and a URL without scheme gets {@code http://}
     * @throws InvalidUrlException with a message that says what to change
     */
    public static String normalize(String raw, boolean insecure) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidUrlException("is required, e.g. https://harbor.example.com");
        }
        String text = raw.strip();
        if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidUrlException("must not contain spaces: enter scheme://host[:port], e.g. https://harbor.example.com");
        }
        Matcher scheme = SCHEME.matcher(text);
        if (!scheme.find()) {
            text = (insecure ? "http://" : "https://") + text;
        }
        else {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (!name.equals("https") && !name.equals("http")) {
                throw new InvalidUrlException("must start with https:// (or http:// for a plain-HTTP registry marked insecure), not "
                    + abbreviate(name) + "://");
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        }
        catch (URISyntaxException e) {
            throw new InvalidUrlException("is not a valid URL: enter scheme://host[:port], e.g. https://harbor.example.com");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidUrlException("must not contain a user name or password: put them in the credential");
        }
        if (NumericHost.problem(uri).isPresent()) {
            // checked before the host name rules: glibc and the JDK read such literals as different addresses
            throw new InvalidUrlException("has an ambiguous IPv4 address: write it as four decimal numbers without leading zeros, "
                + "e.g. 127.0.0.2 (leading zeros, hex, short or trailing-dot forms are read differently by different programs)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidUrlException("has no valid host name: enter scheme://host[:port], e.g. https://harbor.example.com");
        }
        String schemeName = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new InvalidUrlException("has an invalid port: use 1 to 65535");
        }
        if (port == defaultPort(schemeName)) {
            port = -1;
        }
        String base = isDockerHubHost(host) && port == -1 ? DOCKER_HUB
            : schemeName + "://" + host + (port == -1 ? "" : ":" + port);
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            if (V2_PATH.matcher(path).matches()) {
                throw new InvalidUrlException("must not end in /v2/: the console adds the API path itself; enter " + base);
            }
            throw new InvalidUrlException("must not contain a path: a registry is addressed by scheme://host[:port] (enter "
                + base + "); a repository such as library/nginx belongs in the image reference");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidUrlException("must not contain a query (?...) or fragment (#...); enter " + base);
        }
        if (schemeName.equals("http") && !insecure && !base.equals(DOCKER_HUB)) {
            throw new InvalidUrlException("uses plain http://: mark the registry insecure to allow that, or use https://");
        }
        return base;
    }

    /** Host (and port, when not the default) of a normalized URL, as image references and runtimes name it. */
    public static String hostAndPort(String normalized) {
        return normalized.substring(normalized.indexOf("://") + 3);
    }

    static String host(String normalized) {
        return URI.create(normalized).getHost();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String abbreviate(String s) {
        return s.length() <= 12 ? s : s.substring(0, 12) + "…";
    }
}
