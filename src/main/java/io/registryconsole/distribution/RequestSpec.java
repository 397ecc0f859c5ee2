package io.registryconsole.distribution;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What one logical request is: method, target, how it authenticates, which statuses the caller handles itself. */
final class RequestSpec {

    final String method;
    final URI uri;
    final Phase phase;
    final StatusFailures.Target target;
    final String subject;
    /** Registry auth (challenge, token, Basic) for this scope; null scope = registry-level ({@code /v2/}). */
    boolean registryAuth;
    String scope;
    /** An explicit Authorization header (token fetches); sent only to the original origin, never after a redirect elsewhere. */
    String authorization;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    /** Statuses returned to the caller as a Response instead of thrown. */
    Set<Integer> passThrough = Set.of();
    boolean followRedirects = true;
    /**
     * A body streamed from elsewhere (a blob on its way from another registry): it can be sent once only, so a 401,
     * redirect or retry ends the request instead of repeating it.
     */
    java.util.function.Supplier<java.net.http.HttpRequest.BodyPublisher> streamedBody;
    /** Overrides the first-byte timeout (an upload's response only comes after its whole body went out). */
    java.time.Duration timeout;
    /** Whether a streamed success body that breaks half-way may be fetched again from the start. */
    boolean retryBody = true;

    private RequestSpec(String method, URI uri, Phase phase, StatusFailures.Target target, String subject) {
        this.method = method;
        this.uri = uri;
        this.phase = phase;
        this.target = target;
        this.subject = subject;
    }

    static RequestSpec of(String method, URI uri, Phase phase, StatusFailures.Target target, String subject) {
        return new RequestSpec(method, uri, phase, target, subject);
    }

    RequestSpec registryAuth(String scopeValue) {
        this.registryAuth = true;
        this.scope = scopeValue;
        return this;
    }

    RequestSpec authorization(String value) {
        this.authorization = value;
        return this;
    }

    RequestSpec header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    RequestSpec body(byte[] bytes, String contentType) {
        this.body = bytes;
        return header("Content-Type", contentType);
    }

    RequestSpec passThrough(Set<Integer> statuses) {
        this.passThrough = statuses;
        return this;
    }

    RequestSpec streamedBody(java.util.function.Supplier<java.net.http.HttpRequest.BodyPublisher> publisher, String contentType) {
        this.streamedBody = publisher;
        return header("Content-Type", contentType);
    }

    RequestSpec timeout(java.time.Duration value) {
        this.timeout = value;
        return this;
    }

    RequestSpec noBodyRetry() {
        this.retryBody = false;
        return this;
    }

    RequestSpec noRedirects() {
        this.followRedirects = false;
        return this;
    }
}
