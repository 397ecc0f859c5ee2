package io.registryconsole.export;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Reads a Docker config.json / containers auth.json: the inline logins under {@code auths}. */
final class DockerConfigImporter {

    ImportedConfig read(String text) {
        return read(LocatedTree.parse(Format.DOCKER_CONFIG, Formats.JSON, text), Format.DOCKER_CONFIG);
    }

    ImportedConfig read(LocatedTree tree, Format format) {
        JsonNode root = tree.root();
        List<String> warnings = new ArrayList<>();
        List<ImportedBinding> bindings = new ArrayList<>();
        if (root.has("credsStore") || root.has("credHelpers")) {
            warnings.add("logins kept by a credential helper (credsStore/credHelpers) cannot be imported");
        }
        JsonNode auths = root.get("auths");
        if (auths == null) {
            tree.problem("", "no auths: nothing to import");
        } else if (!auths.isObject()) {
            tree.problem("/auths", "must be an object of registry → login");
        } else {
            for (String key : auths.propertyNames()) {
                String pointer = "/auths" + LocatedTree.seg(key);
                JsonNode entry = auths.get(key);
                if (!entry.isObject()) {
                    tree.problem(pointer, "must be an object");
                    continue;
                }
                Optional<URI> url = registryOf(tree, pointer, key);
                ExportCredential credential = credential(tree, pointer, entry);
                if (credential == null) {
                    if (entry.isEmpty()) {
                        warnings.add(key + ": no login stored in the file (credential helper?)");
                    }
                    continue;
                }
                url.ifPresent(u -> bindings.add(new ImportedBinding(u, false, null, null, null, credential)));
            }
        }
        tree.throwIfProblems();
        return new ImportedConfig(format, bindings, null, warnings);
    }

    /** Keys are host[:port], sometimes with scheme and path ({@code https://index.docker.io/v1/}). */
    private static Optional<URI> registryOf(LocatedTree tree, String pointer, String key) {
        String value = key.trim();
        if (value.startsWith("http://") || value.startsWith("https://")) {
            value = value.substring(value.indexOf("//") + 2);
        }
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        return ImportSupport.hostLocation(tree, pointer, host);
    }

    private static ExportCredential credential(LocatedTree tree, String pointer, JsonNode entry) {
        String auth = ImportSupport.string(tree, entry, pointer, "auth");
        String username = ImportSupport.string(tree, entry, pointer, "username");
        String password = ImportSupport.string(tree, entry, pointer, "password");
        String token = ImportSupport.string(tree, entry, pointer, "identitytoken");
        ExportCredential basic = null;
        if (auth != null && !auth.isEmpty()) {
            if (token != null) {
                // docker writes auth = base64("user:") beside an identity token
                String decoded = decodeUser(auth);
                return ExportCredential.token(decoded, token);
            }
            basic = ImportSupport.basicFromAuth(tree, pointer + "/auth", auth);
        } else if (token != null) {
            return ExportCredential.token(username, token);
        } else if (username != null && password != null) {
            basic = ExportCredential.basic(username, password);
        }
        return basic;
    }

    private static String decodeUser(String auth) {
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(auth.trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? null : user;
        } catch (IllegalArgumentException e) {
            return null; // not base64: the user name stays unknown, the identity token beside it is still imported
        }
    }
}
