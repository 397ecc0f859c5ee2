package io.registryconsole.distribution;

import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP proxy a group of nodes uses (their {@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}), so the console
 * reaches registries the way those nodes do: plain-HTTP registries through absolute-URI requests to {@code httpProxy},
 * HTTPS registries through a CONNECT tunnel of {@code httpsProxy}; hosts {@link NoProxy} exempts go direct.
 * {@code toString()} hides the password.
 *
 * @param httpProxy  proxy for http:// registries, or null (direct)
 * @param httpsProxy proxy for https:// registries, or null (direct)
 * @param username   proxy Basic auth user, or null
 * @param password   proxy Basic auth password, or null
 */
public record ProxySettings(URI httpProxy, URI httpsProxy, NoProxy noProxy, String username, String password) {

    public ProxySettings {
        noProxy = noProxy == null ? NoProxy.parse("") : noProxy;
        check(httpProxy);
        check(httpsProxy);
    }

    /** Parses a proxy as docker does: {@code host:port} means {@code http://host:port}. */
    public static URI parseProxy(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        URI uri = URI.create(v.contains("://") ? v : "http://" + v);
        check(uri);
        return uri;
    }

    private static void check(URI proxy) {
        if (proxy == null) {
            return;
        }
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("proxy " + proxy.getHost() + ": only http:// proxies are supported (CONNECT for HTTPS)");
        }
        if (proxy.getHost() == null) {
            throw new IllegalArgumentException("proxy \"" + proxy + "\" has no host");
        }
        if (proxy.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put the proxy's username and password in their own fields, not in the URL");
        }
    }

    /** The proxy a request to {@code target} goes through, or empty for a direct connection. */
    public Optional<URI> proxyFor(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        URI proxy = scheme.equals("https") ? httpsProxy : scheme.equals("http") ? httpProxy : null;
        if (proxy == null) {
            return Optional.empty();
        }
        int port = target.getPort() != -1 ? target.getPort() : scheme.equals("https") ? 443 : 80;
        return noProxy.useProxy(target.getHost(), port) ? Optional.of(proxy) : Optional.empty();
    }

    static int port(URI proxy) {
        return proxy.getPort() == -1 ? 80 : proxy.getPort();
    }

    boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    /** The {@code Proxy-Authorization} value, when credentials are set. */
    Optional<String> authorization() {
        if (!hasCredentials()) {
            return Optional.empty();
        }
        String pair = username + ":" + (password == null ? "" : password);
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "ProxySettings[http=" + httpProxy + ", https=" + httpsProxy + ", " + noProxy + ", user=" + username
            + (password != null ? ", password=****" : "") + "]";
    }
}
