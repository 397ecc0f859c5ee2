package io.registryconsole.distribution;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A finished small exchange: status, headers and (capped) body.
 *
 * @param redaction removes the client's secrets from what {@link #error()} takes from the body
 */
record Response(String method, URI uri, int status, HttpHeaders headers, byte[] body, boolean truncated, Redaction redaction) {

    Response(String method, URI uri, int status, HttpHeaders headers, byte[] body, boolean truncated) {
        this(method, uri, status, headers, body, truncated, Redaction.GENERIC);
    }

    /** The server's explanation of a failure, without secrets. */
    ErrorBody error() {
        return ErrorBody.parse(body, redaction);
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    boolean isRedirect() {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String describe() {
        return RegistryException.describe(method, uri);
    }
}
