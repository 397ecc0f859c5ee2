package io.registryconsole.registry;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** How the console authenticates to a registry. {@code secret} holds ciphertext from SecretCipher, never clear text. */
@Embeddable
class Credential {

    @Enumerated(EnumType.STRING)
    @Column(name = "credential_kind", nullable = false, length = 16)
    private CredentialKind kind = CredentialKind.ANONYMOUS;

    @Column(name = "credential_username")
    private String username;

    @Column(name = "credential_secret", length = 12000)
    private String secret;

    @Column(name = "credential_expires_at")
    private Instant expiresAt;

    /** When the secret was last set (for rotation age); null for anonymous access. */
    @Column(name = "credential_set_at")
    private Instant setAt;

    protected Credential() {
    }

    Credential(CredentialKind kind, String username, String encryptedSecret, Instant expiresAt) {
        this.kind = kind;
        this.username = username;
        this.secret = encryptedSecret;
        this.expiresAt = expiresAt;
    }

    Credential(CredentialKind kind, String username, String encryptedSecret, Instant expiresAt, Instant setAt) {
        this(kind, username, encryptedSecret, expiresAt);
        this.setAt = setAt;
    }

    Instant setAt() {
        return setAt;
    }

    static Credential anonymous() {
        return new Credential(CredentialKind.ANONYMOUS, null, null, null);
    }

    CredentialKind kind() {
        return kind;
    }

    String username() {
        return username;
    }

    String encryptedSecret() {
        return secret;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    CredentialView view() {
        return kind == CredentialKind.ANONYMOUS ? null : new CredentialView(kind, username, expiresAt);
    }

    @Override
    public String toString() {
        return "Credential[kind=" + kind + ", username=" + username + "]";
    }
}
