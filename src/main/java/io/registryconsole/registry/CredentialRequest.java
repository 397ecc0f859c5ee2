package io.registryconsole.registry;

import java.time.Instant;

import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;
import io.registryconsole.shared.PlainText;

/**
 * A credential as written by a client. {@code kind} may be left out: a password means BASIC, a token TOKEN.
 * On update, a credential of the stored kind without password/token keeps the stored secret (e.g. to change the username).
 */
@Schema(name = "CredentialInput", description = "write-only: the password or token is never returned")
public record CredentialRequest(
    @Schema(nullable = true) CredentialKind kind,
    @Size(max = 255) @PlainText @Schema(example = "robot$ci") String username,
    @Schema(accessMode = Schema.AccessMode.WRITE_ONLY, format = "password") String password,
    @Schema(accessMode = Schema.AccessMode.WRITE_ONLY, format = "password", description = "identity or refresh token")
    String token,
    @Schema(description = "when the password or token stops working, if known") Instant expiresAt) {

    public static CredentialRequest basic(String username, String password) {
        return new CredentialRequest(CredentialKind.BASIC, username, password, null, null);
    }

    public static CredentialRequest token(String username, String token) {
        return new CredentialRequest(CredentialKind.TOKEN, username, null, token, null);
    }

    /** Never prints the password or token. */
    @Override
    public String toString() {
        return "CredentialRequest[kind=" + kind + ", username=" + username + ", password=" + (password == null ? null : "(set)")
            + ", token=" + (token == null ? null : "(set)") + ", expiresAt=" + expiresAt + "]";
    }
}
