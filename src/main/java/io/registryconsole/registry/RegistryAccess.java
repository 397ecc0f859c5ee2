package io.registryconsole.registry;

import java.time.Instant;

/**
 * Everything needed to talk to a registry, including the decrypted secret. For checks, test pulls and exports only;
 * never render it or put it in a response. {@link #toString()} leaves the secret out.
 *
 * @param caCertificatePem PEM bundle to trust, or null
 * @param secret           password (BASIC) or token (TOKEN); null for ANONYMOUS
 */
public record RegistryAccess(long id, String name, String url, RegistryProvider provider, boolean insecure,
                             String caCertificatePem, CredentialKind credentialKind, String username, String secret,
                             Instant credentialExpiresAt) {

    @Override
    public String toString() {
        return "RegistryAccess[id=" + id + ", name=" + name + ", url=" + url + ", provider=" + provider + ", insecure="
            + insecure + ", credentialKind=" + credentialKind + ", username=" + username + ", secret="
            + (secret == null ? null : "(redacted)") + "]";
    }
}
