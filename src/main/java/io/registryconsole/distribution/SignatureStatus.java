package io.registryconsole.distribution;

/** The outcome of looking for and verifying an image's signature. */
public enum SignatureStatus {
    /** A cosign signature over this digest verifies with one of the trusted keys. */
    VERIFIED,
    /** Nothing that signs this digest was found. */
    UNSIGNED,
    /** A signature exists but none verifies with the trusted keys for this digest. */
    INVALID,
    /** Not verified: no keys to verify with, no check asked for, or a kind of signature the console cannot verify (Notation). */
    NOT_CHECKED
}
