package io.registryconsole.distribution;

/**
 * Why an operation against a registry failed. The names are part of the public REST API
 * (see the failure table in the API document) and must not change.
 */
public enum Category {
    INVALID_REFERENCE,
    BLOCKED_BY_POLICY,
    DNS_FAILURE,
    CONNECTION_REFUSED,
    CONNECT_TIMEOUT,
    TLS_UNTRUSTED,
    TLS_EXPIRED,
    TLS_HOSTNAME_MISMATCH,
    TLS_PROTOCOL_MISMATCH,
    NOT_A_REGISTRY,
    AUTH_REQUIRED,
    AUTH_INVALID_CREDENTIALS,
    AUTH_TOKEN_EXPIRED,
    AUTH_UNSUPPORTED,
    ACCESS_DENIED,
    REPOSITORY_NOT_FOUND,
    MANIFEST_NOT_FOUND,
    PLATFORM_NOT_FOUND,
    UNSUPPORTED_MANIFEST,
    RATE_LIMITED,
    DIGEST_MISMATCH,
    SIZE_MISMATCH,
    TOO_LARGE,
    TRANSFER_TIMEOUT,
    SERVER_ERROR,
    CANCELLED,
    SIGNATURE_MISSING,
    SIGNATURE_INVALID,
    /** The target of a copy refused an upload or a manifest (the registry's error code is on the exception). */
    TARGET_REJECTED,
    PROXY_AUTH_REQUIRED,
    PROXY_UNREACHABLE,
    PROXY_REFUSED,
    CLOCK_SKEW
}
