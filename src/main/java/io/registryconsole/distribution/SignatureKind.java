package io.registryconsole.distribution;

/** Which signing tool's signature was found. */
public enum SignatureKind {
    COSIGN,
    NOTATION
}
