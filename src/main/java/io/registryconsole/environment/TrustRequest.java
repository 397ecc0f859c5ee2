package io.registryconsole.environment;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An environment's trust policy as written by a client. Keys are replaced only when {@code publicKeys} is sent:
 * leaving it out keeps the stored keys (they are never replaced by omission; a change is audited).
 */
@Schema(name = "TrustInput")
public record TrustRequest(
    @Schema(description = "test pulls fail with SIGNATURE_MISSING / SIGNATURE_INVALID unless a trusted key verifies the image's signature")
    Boolean requireSignature,
    @Size(max = 20)
    @Schema(description = "PEM public keys (-----BEGIN PUBLIC KEY-----, ECDSA P-256 or RSA); left out: the stored keys stay; [] removes them")
    List<@NotBlank @Size(max = 8000) String> publicKeys) {
}
