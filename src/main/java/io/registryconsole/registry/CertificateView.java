package io.registryconsole.registry;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The stored CA bundle, as parsed")
public record CertificateView(
    @Schema(description = "subject of the first certificate (RFC 2253)", example = "CN=Example Root CA,O=Example")
    String subject,
    @Schema(description = "expiry of the first certificate")
    Instant notAfter,
    @Schema(description = "number of certificates in the bundle", example = "1")
    int certificates) {
}
