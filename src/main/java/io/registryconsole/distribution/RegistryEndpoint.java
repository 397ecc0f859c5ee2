package io.registryconsole.distribution;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a registry is and how to talk to it.
 *
 * @param baseUri        scheme, host, port and optional path prefix; {@code /v2/} is appended to it
 * @param insecure       plain HTTP allowed, and TLS certificates of the registry host not verified (as docker's
 *                       {@code insecure-registries}); credentials may then travel over plain HTTP
 * @param schemeExplicit whether the scheme was written by the user; an insecure registry without one is tried over
 *                       HTTPS first and over plain HTTP when the port does not speak TLS (docker's behaviour)
 * @param caBundlePem    PEM certificates trusted for this registry in addition to the JVM trust store, or null
 */
public record RegistryEndpoint(URI baseUri, boolean insecure, boolean schemeExplicit, String caBundlePem, Credentials credentials) {

    public RegistryEndpoint {
        Objects.requireNonNull(baseUri, "baseUri");
        credentials = credentials == null ? Credentials.anonymous() : credentials;
        if (baseUri.getHost() == null) {
            throw new IllegalArgumentException("registry URL \"" + baseUri + "\" has no host");
        }
        String scheme = baseUri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("registry URL scheme must be https or http, not " + scheme);
        }
        if ("http".equals(scheme) && !insecure) {
            throw new IllegalArgumentException("plain http:// is only allowed for a registry marked insecure");
        }
        if (baseUri.getRawUserInfo() != null || baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
            throw new IllegalArgumentException("registry URL must not contain user info, a query or a fragment");
        }
    }

    /**
     * Builds an endpoint from what a person typed: {@code harbor.example.com}, {@code https://host:5000},
     * {@code localhost:5000/prefix}. Without a scheme HTTPS is used.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RegistryEndpoint of(String url, boolean insecure, String caBundlePem, Credentials credentials) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("registry URL is empty");
        }
        String u = url.strip();
        boolean explicit = u.contains("://");
        String withScheme = explicit ? u : "https://" + u;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("registry URL \"" + url + "\" is not a valid URL: " + e.getReason());
        }
        if (uri.getScheme() != null) {
            uri = URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + withScheme.substring(uri.getScheme().length()));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v2")) {
            path = path.substring(0, path.length() - 3); // people paste the API URL
        }
        try {
            uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path.isEmpty() ? null : path, uri.getRawQuery(), uri.getRawFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("registry URL \"" + url + "\" is not a valid URL: " + e.getReason());
        }
        return new RegistryEndpoint(uri, insecure, explicit, caBundlePem, credentials);
    }

    /** The endpoint of the registry a reference names ({@code docker.io} → {@code https://registry-1.docker.io}). */
    public static RegistryEndpoint forReference(ImageReference reference, Credentials credentials) {
        return of(reference.registryHost(), false, null, credentials);
    }

    public String host() {
        return baseUri.getHost();
    }

    public int port() {
        int port = baseUri.getPort();
        return port != -1 ? port : "https".equals(baseUri.getScheme()) ? 443 : 80;
    }

    /** The same endpoint with another scheme (used for the insecure HTTPS→HTTP fallback). */
    RegistryEndpoint withScheme(String scheme) {
        try {
            URI uri = new URI(scheme, null, baseUri.getHost(), baseUri.getPort(), baseUri.getPath(), null, null);
            return new RegistryEndpoint(uri, insecure, true, caBundlePem, credentials);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <base>/v2/<path>}; path must already be escaped. */
    URI api(String path) {
        String prefix = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        String port = baseUri.getPort() == -1 ? "" : ":" + baseUri.getPort();
        String host = baseUri.getHost();
        return URI.create(baseUri.getScheme() + "://" + host + port + prefix + "/v2/" + path);
    }

    @Override
    public String toString() {
        return "RegistryEndpoint[" + baseUri + (insecure ? ", insecure" : "") + (caBundlePem != null ? ", with CA bundle" : "")
                + ", " + credentials + "]";
    }
}
