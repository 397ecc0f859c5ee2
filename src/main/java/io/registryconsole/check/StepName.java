package io.registryconsole.check;

/** The steps of a connection check, in the order they run. */
public enum StepName {
    /** the stored settings on their own: URL, insecure vs https, CA bundle, credential expiry */
    CONFIG,
    /** name resolution and the outbound policy's decision on the addresses */
    DNS,
    /** TCP connect */
    TCP,
    /** TLS handshake: chain, days to expiry, names */
    TLS,
    /** {@code GET /v2/}: does it answer as a registry, which authentication it asks for */
    API,
    /** the stored credentials (or anonymous access) accepted */
    AUTH,
    /** pull access to a given repository (only when one is named) */
    REPOSITORY
}
