package io.registryconsole.environment;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** An environment's trust policy as shown: the keys by fingerprint (SHA-256 of the SubjectPublicKeyInfo). */
@Schema(name = "Trust")
public record TrustView(boolean requireSignature, List<Key> publicKeys) {

    public static final TrustView NONE = new TrustView(false, List.of());

    /** @param fingerprint {@code sha256:<hex>}, as {@code openssl pkey -pubin -outform DER | sha256sum} prints it */
    @Schema(name = "TrustedKey")
    public record Key(String fingerprint, String algorithm) {
    }
}
