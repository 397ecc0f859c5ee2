package io.registryconsole.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Small checks the importers share; each reports a problem on the tree instead of throwing. */
final class ImportSupport {

    private ImportSupport() {
    }

    /** An http(s) URL of a registry, or empty after recording a problem. */
    static Optional<URI> url(LocatedTree tree, String pointer, String text) {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                tree.problem(pointer, "'" + text + "' is not a URL with http:// or https://");
                return Optional.empty();
            }
            URI normal = new URI(uri.getScheme().toLowerCase(Locale.ROOT), null, uri.getHost().toLowerCase(Locale.ROOT),
                    uri.getPort(), emptyToNull(uri.getPath()), null, null);
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                tree.problem(pointer, "'" + text + "' must not have a user, query or fragment");
                return Optional.empty();
            }
            return Optional.of(Hosts.checkRegistryUrl(normal));
        } catch (URISyntaxException | IllegalArgumentException e) {
            tree.problem(pointer, "'" + text + "' is not a registry URL (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** A host[:port][/path] without scheme as https URL (the files that use these do not say http or https). */
    static Optional<URI> hostLocation(LocatedTree tree, String pointer, String text) {
        String value = text.trim();
        if (value.startsWith("http://") || value.startsWith("https://")) {
            return url(tree, pointer, value);
        }
        String host = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        if (Hosts.isDockerHubEndpoint(host)) {
            value = "registry-1.docker.io" + value.substring(host.length());
        }
        return url(tree, pointer, "https://" + value);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The string at a field, or null after recording a problem when it is there but not a string. */
    static String string(LocatedTree tree, JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            tree.problem(pointer + LocatedTree.seg(field), "must be a string");
            return null;
        }
        return node.asString();
    }

    static Boolean bool(LocatedTree tree, JsonNode parent, String pointer, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            tree.problem(pointer + LocatedTree.seg(field), "must be true or false");
            return null;
        }
        return node.asBoolean();
    }

    /** Decodes a base64 {@code user:password}; the problem message never repeats the value. */
    static ExportCredential basicFromAuth(LocatedTree tree, String pointer, String auth) {
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                tree.problem(pointer, "is not base64 of user:password");
                return null;
            }
            return ExportCredential.basic(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            tree.problem(pointer, "is not valid base64");
            return null;
        }
    }

    /** The upstream key of a registry URL: docker.io for Docker Hub, otherwise host[:port]. */
    static String upstreamOf(URI url) {
        return Hosts.normaliseUpstream(Hosts.hostPort(url));
    }
}
