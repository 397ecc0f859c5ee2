package io.registryconsole.registry;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "Registry")
public record RegistryView(
    long id,
    String name,
    @Schema(description = "normalized endpoint, scheme://host[:port]", example = "https://harbor.example.com")
    String url,
    RegistryProvider provider,
    @Schema(description = "plain HTTP or TLS without certificate verification allowed")
    boolean insecure,
    @Schema(description = "the registry's TLS certificate is verified (https and not insecure)")
    boolean tlsVerify,
    @Schema(description = "null when no CA bundle is stored") CertificateView caCertificate,
    @Schema(description = "null when the registry is used anonymously") CredentialView credential,
    String description,
    List<String> labels,
    Instant createdAt,
    Instant updatedAt,
    @Schema(description = "send it back on PUT; a stale version gets 409") long version) {
}
