package io.registryconsole.distribution;

import java.util.List;
import java.util.Optional;

/**
 * The TLS connection a registry offered, for the report of a check.
 *
 * @param protocol          e.g. {@code TLSv1.3}
 * @param cipherSuite       e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param chain             as the server sent it, leaf first
 * @param skippedProblem    for a registry marked insecure: what verification would have rejected (category and
 *                          message), so a check can warn about it
 */
public record TlsInfo(String protocol, String cipherSuite, List<CertificateInfo> chain, Optional<RegistryException> skippedProblem) {

    public TlsInfo {
        chain = List.copyOf(chain);
    }

    public Optional<CertificateInfo> leaf() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }
}
