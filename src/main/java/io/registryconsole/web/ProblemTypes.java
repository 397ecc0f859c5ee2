package io.registryconsole.web;

import java.net.URI;

/** Stable {@code type} URIs of the console's problem responses (RFC 9457): clients may switch on them. */
public final class ProblemTypes {

    private static final String PREFIX = "urn:registry-console:problem:";

    public static final URI VALIDATION = of("validation");
    public static final URI MALFORMED_JSON = of("malformed-json");
    public static final URI UNKNOWN_FIELD = of("unknown-field");
    public static final URI INVALID_VALUE = of("invalid-value");
    public static final URI BAD_REQUEST = of("bad-request");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI DUPLICATE_NAME = of("duplicate-name");
    public static final URI STALE_VERSION = of("stale-version");
    public static final URI IN_USE = of("in-use");
    public static final URI CONFLICT = of("conflict");
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = of("not-acceptable");
    public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
    public static final URI SECRET_UNAVAILABLE = of("secret-unavailable");
    public static final URI INTERNAL_ERROR = of("internal-error");
    public static final URI DATABASE_UNAVAILABLE = of("database-unavailable");

    private ProblemTypes() {
    }

    private static URI of(String name) {
        return URI.create(PREFIX + name);
    }
}
