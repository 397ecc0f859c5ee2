package io.registryconsole.distribution;

/** The steps of talking to a registry, in the order they normally happen. */
public enum Phase {
    /** Name resolution of the registry (or of a token realm / redirect target) plus the outbound-policy decision. */
    DNS,
    /** TCP connect. */
    CONNECT,
    /** TLS handshake and certificate checks. */
    TLS,
    /** {@code GET /v2/}: is this a registry, which auth does it want. */
    PING,
    /** Challenge handling and token fetches. */
    AUTH,
    /** Manifest (and index) resolution. */
    MANIFEST,
    /** Image configuration blob. */
    CONFIG,
    /** One layer blob. */
    LAYER,
    /** Tag listing and repository checks. */
    TAGS,
    /** A blob check, mount or upload on the target of a copy. */
    BLOB_UPLOAD,
    /** A manifest or index put on the target of a copy. */
    MANIFEST_PUT
}
