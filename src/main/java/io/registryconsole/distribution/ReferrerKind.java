package io.registryconsole.distribution;

/** What an artifact that refers to an image is, as far as its media types, artifact type and tag tell. */
public enum ReferrerKind {
    COSIGN_SIGNATURE,
    NOTATION_SIGNATURE,
    SBOM,
    ATTESTATION,
    OTHER
}
