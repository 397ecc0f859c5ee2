package io.registryconsole.distribution;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one logical request to the end: registry authentication (challenge → token → retry, one renewal),
 * redirects followed by hand (Authorization dropped when the origin changes, https→http refused, the outbound
 * policy applied to every hop by the transport), and retries of the failures that are safe to repeat,
 * bounded in count, in waiting time and by the operation's deadline.
 */
final class RequestExecutor {

    private static final int MAX_REDIRECTS = 10;

    private final HttpTransport transport;
    private final ClientOptions options;
    private Authenticator authenticator;

    RequestExecutor(HttpTransport transport) {
        this.transport = transport;
        this.options = transport.options();
    }

    void bind(Authenticator auth) {
        this.authenticator = auth;
    }

    HttpTransport transport() {
        return transport;
    }

    /** A small request whose body (up to {@code cap} bytes) is read into memory. */
    Response small(Operation op, RequestSpec spec, long cap) {
        Outcome<CappedBody.Body> outcome = execute(op, spec, () -> new CappedBody(op, spec.phase, "the response of "
                + RegistryException.describe(spec.method, spec.uri), options.idleTimeout().toNanos(), cap));
        return outcome.response();
    }

    /**
     * The result of a request: for a 2xx status the success body; for a pass-through status only the (capped) error
     * response.
     */
    record Outcome<T>(Response response, T body) {
    }

    <T> Outcome<T> execute(Operation op, RequestSpec spec, Supplier<? extends HttpResponse.BodySubscriber<T>> successBody) {
        return execute(op, spec, successBody, info -> null);
    }

    /**
     * Like {@link #execute} for bodies that are consumed after the response is handed over (streamed blobs): {@code finish}
     * runs inside the retry loop, so a transfer that breaks half-way is retried from the start like a failed request.
     */
    <T, R> R executeStreaming(Operation op, RequestSpec spec, Supplier<? extends HttpResponse.BodySubscriber<T>> successBody,
                              Function<HttpResponse.ResponseInfo, RegistryException> precheck, Function<T, R> finish) {
        Attempts attempts = new Attempts();
        while (true) {
            Outcome<T> outcome = execute(op, spec, successBody, precheck, attempts);
            try {
                return finish.apply(outcome.body());
            } catch (RegistryException e) {
                RegistryException located = e.withContext(outcome.response().describe(), spec.phase);
                if (!spec.retryBody || !attempts.retry(op, located)) {
                    throw located.notRetryable();
                }
            }
        }
    }

    /** Attempts and waiting time spent on one logical request, shared by all the ways it can fail. */
    final class Attempts {
        private int attempt = 1;
        private long waitedNanos;

        /** Waits and returns true when another attempt is allowed. */
        boolean retry(Operation op, RegistryException e) {
            long waited = retryWait(op, e, attempt, waitedNanos);
            if (waited < 0) {
                return false;
            }
            waitedNanos += waited;
            attempt++;
            return true;
        }
    }

    /**
     * @param precheck looks at the headers of a 2xx response before its body is read; a non-null failure stops there
     */
    <T> Outcome<T> execute(Operation op, RequestSpec spec, Supplier<? extends HttpResponse.BodySubscriber<T>> successBody,
                           Function<HttpResponse.ResponseInfo, RegistryException> precheck) {
        return execute(op, spec, successBody, precheck, new Attempts());
    }

    private <T> Outcome<T> execute(Operation op, RequestSpec spec, Supplier<? extends HttpResponse.BodySubscriber<T>> successBody,
                                   Function<HttpResponse.ResponseInfo, RegistryException> precheck, Attempts attempts) {
        URI uri = spec.uri;
        URI origin = origin(uri);
        int redirects = 0;
        AuthState authState = new AuthState();
        boolean sent = false;
        while (true) {
            op.checkActive(spec.phase);
            boolean sameOrigin = origin(uri).equals(origin);
            HttpRequest.Builder rb = transport.request(uri);
            if (spec.streamedBody != null) {
                if (sent) {
                    throw RegistryException.builder(Category.SERVER_ERROR, "the upload was interrupted and its streamed body cannot be "
                            + "sent again").phase(spec.phase).request(RegistryException.describe(spec.method, uri)).build();
                }
                rb.method(spec.method, spec.streamedBody.get());
            } else {
                rb.method(spec.method, spec.body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(spec.body));
            }
            if (spec.timeout != null) {
                rb.timeout(spec.timeout);
            }
            sent = true;
            for (String[] h : spec.headers) {
                rb.header(h[0], h[1]);
            }
            String authHeader = null;
            if (sameOrigin) {
                if (spec.authorization != null) {
                    authHeader = spec.authorization;
                } else if (spec.registryAuth && authenticator != null) {
                    authHeader = authenticator.authorization(op, spec.scope).orElse(null);
                }
            }
            if (authHeader != null) {
                rb.header("Authorization", authHeader);
            }
            HttpResponse<Object> response;
            try {
                response = transport.send(op, spec.phase, rb.build(), info -> {
                    if (info.statusCode() >= 200 && info.statusCode() < 300) {
                        RegistryException refused = precheck.apply(info);
                        return refused != null ? failing(refused) : cast(successBody.get());
                    }
                    return cast(new CappedBody(op, spec.phase, "the error response", options.idleTimeout().toNanos(),
                            isRedirect(info.statusCode()) ? 0 : ErrorBody.MAX_BYTES));
                });
            } catch (RegistryException e) {
                if (spec.streamedBody != null || !attempts.retry(op, e)) {
                    throw e.notRetryable();
                }
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                Response r = new Response(spec.method, response.uri(), status, response.headers(), new byte[0], false);
                Object body = response.body();
                if (body instanceof CappedBody.Body small) {
                    r = new Response(spec.method, response.uri(), status, response.headers(), small.bytes(), small.truncated(), transport.redaction());
                }
                @SuppressWarnings("unchecked")
                T typed = (T) body;
                return new Outcome<>(r, typed);
            }
            CappedBody.Body errorBody = (CappedBody.Body) response.body();
            Response r = new Response(spec.method, response.uri(), status, response.headers(), errorBody.bytes(), errorBody.truncated(),
                    transport.redaction());
            if (r.isRedirect() && spec.followRedirects && !spec.passThrough.contains(status)) {
                if (++redirects > MAX_REDIRECTS) {
                    throw RegistryException.builder(Category.SERVER_ERROR, "more than " + MAX_REDIRECTS + " redirects")
                            .phase(spec.phase).request(r.describe()).status(status).build();
                }
                uri = redirectTarget(r, spec.phase);
                continue;
            }
            if (status == 401 && sameOrigin && spec.registryAuth && authenticator != null && !spec.passThrough.contains(status)
                    && spec.streamedBody == null) {
                authenticator.onUnauthorized(op, spec, r, authHeader != null, authState);
                continue;
            }
            if (spec.passThrough.contains(status)) {
                return new Outcome<>(r, null);
            }
            boolean anonymous = authenticator == null || authenticator.isAnonymous();
            RegistryException e = StatusFailures.of(r, spec.phase, spec.target, spec.subject, anonymous);
            if (spec.streamedBody != null || !attempts.retry(op, e)) {
                throw e.notRetryable();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse.BodySubscriber<Object> cast(HttpResponse.BodySubscriber<?> s) {
        return (HttpResponse.BodySubscriber<Object>) s;
    }

    /** A body that fails at once (the connection is dropped, nothing is read). */
    private static HttpResponse.BodySubscriber<Object> failing(RegistryException failure) {
        CompletableFuture<Object> failed = CompletableFuture.failedFuture(failure);
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<Object> getBody() {
                return failed;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        };
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI redirectTarget(Response r, Phase phase) {
        String location = r.header("location").orElseThrow(() -> RegistryException.builder(Category.SERVER_ERROR,
                "the registry answered " + r.status() + " without a Location").phase(phase).request(r.describe()).status(r.status()).build());
        URI next;
        try {
            next = r.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw RegistryException.builder(Category.SERVER_ERROR, "the registry redirected to an invalid URL").phase(phase)
                    .request(r.describe()).status(r.status()).build();
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        Optional<String> ambiguous = NumericHost.problem(next);
        if (ambiguous.isPresent()) {
            throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the registry redirected to a host the outbound policy refuses: "
                    + ambiguous.get()).phase(phase).request(r.describe()).status(r.status()).build();
        }
        if (!scheme.equals("https") && !scheme.equals("http") || next.getHost() == null) {
            throw RegistryException.builder(Category.SERVER_ERROR, "the registry redirected to an unusable URL (" + scheme + ")")
                    .phase(phase).request(r.describe()).status(r.status()).build();
        }
        if ("https".equals(r.uri().getScheme()) && scheme.equals("http")) {
            throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the registry redirected from https to plain http ("
                    + next.getHost() + "); the console does not downgrade").phase(phase).request(r.describe()).status(r.status()).build();
        }
        return next;
    }

    /**
     * Waits before a retry when the failure allows one and the budget is not spent.
     *
     * @return nanoseconds waited, or -1 when the failure must be reported now
     */
    long retryWait(Operation op, RegistryException e, int attempt, long waitedNanos) {
        if (!e.retryable() || attempt >= options.maxAttempts() || op.isCancelled()) {
            return -1;
        }
        Duration wait;
        if (e.retryAfter().isPresent()) {
            wait = e.retryAfter().get();
            if (wait.compareTo(options.maxRetryAfter()) > 0) {
                return -1; // a long Retry-After is reported at once, not waited out
            }
        } else {
            long base = 200L << Math.min(attempt - 1, 6);
            wait = Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }
        long nanos = wait.toNanos();
        if (waitedNanos + nanos > options.retryBudget().toNanos() || nanos >= op.remainingNanos()) {
            return -1;
        }
        sleep(op, nanos);
        return nanos;
    }

    private static void sleep(Operation op, long nanos) {
        CountDownLatch cancelled = new CountDownLatch(1);
        try (AutoCloseable ignored = op.onCancel(cancelled::countDown)) {
            cancelled.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.cancel();
        } catch (Exception e) {
            // closing the hook cannot fail
        }
    }

    static URI origin(URI uri) {
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return URI.create(scheme + "://" + Objects.requireNonNullElse(uri.getHost(), "").toLowerCase(Locale.ROOT) + ":" + port);
    }

    /** Per-request memory of the auth dance, so each request learns at most once and renews at most once. */
    static final class AuthState {
        int learned;
        boolean renewed;
    }
}
