package io.registryconsole.export;

import java.util.Objects;

/**
 * A registry login as the exports need it, decrypted. Its {@link #toString()} never shows the secret.
 *
 * @param kind     BASIC (username + password) or TOKEN (identity / refresh token; username optional)
 * @param username the user name; for TOKEN may be null
 * @param secret   the password or the identity token
 */
public record ExportCredential(Kind kind, String username, String secret) {

    public enum Kind { BASIC, TOKEN }

    public ExportCredential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
        if (kind == Kind.BASIC && (username == null || username.isEmpty())) {
            throw new IllegalArgumentException("a BASIC credential needs a username");
        }
    }

    public static ExportCredential basic(String username, String password) {
        return new ExportCredential(Kind.BASIC, username, password);
    }

    public static ExportCredential token(String username, String identityToken) {
        return new ExportCredential(Kind.TOKEN, username, identityToken);
    }

    @Override
    public String toString() {
        return "ExportCredential[kind=" + kind + ", username=" + username + ", secret=******]";
    }
}
