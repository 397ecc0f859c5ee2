package io.registryconsole.distribution;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception of the distribution client. It always carries a {@link Category}; when the failure
 * came from an HTTP exchange it also carries the request (method and URL, never credentials or query
 * strings), the phase, the HTTP status and the registry's own error code and message when it sent them.
 * The message is written for people and never contains secrets.
 */
public final class RegistryException extends RuntimeException {

    private final Category category;
    private final Phase phase;
    private final String request;
    private final int httpStatus;
    private final String registryErrorCode;
    private final String registryErrorMessage;
    private final RateLimit rateLimit;
    private final Duration retryAfter;
    private final boolean retryable;
    private final ClockReadings clockReadings;

    private RegistryException(Builder b) {
        super(b.message, b.cause);
        this.category = b.category;
        this.phase = b.phase;
        this.request = b.request;
        this.httpStatus = b.httpStatus;
        this.registryErrorCode = b.registryErrorCode;
        this.registryErrorMessage = b.registryErrorMessage;
        this.rateLimit = b.rateLimit;
        this.retryAfter = b.retryAfter;
        this.retryable = b.retryable;
        this.clockReadings = b.clockReadings;
    }

    public RegistryException(Category category, String message) {
        this(builder(category, message));
    }

    static Builder builder(Category category, String message) {
        return new Builder(category, message);
    }

    public Category category() {
        return category;
    }

    /** The phase the failure happened in, when known. */
    public Optional<Phase> phase() {
        return Optional.ofNullable(phase);
    }

    /** Method and URL of the failed request (query string removed), e.g. {@code GET https://r.example/v2/}. */
    public Optional<String> request() {
        return Optional.ofNullable(request);
    }

    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The registry's error code, e.g. {@code MANIFEST_UNKNOWN} or {@code TOOMANYREQUESTS}. */
    public Optional<String> registryErrorCode() {
        return Optional.ofNullable(registryErrorCode);
    }

    /** The registry's error message (or the start of a non-JSON error body), capped and sanitised. */
    public Optional<String> registryErrorMessage() {
        return Optional.ofNullable(registryErrorMessage);
    }

    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** How long the registry asked us to wait ({@code Retry-After}), when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The other sides' clocks around a refused token, when the client saw one refused (see {@link ClockReadings}). */
    public Optional<ClockReadings> clockReadings() {
        return Optional.ofNullable(clockReadings);
    }

    /** Whether repeating the same request may succeed (reset connection, 502/503/504, short Retry-After). */
    boolean retryable() {
        return retryable;
    }

    /** The same failure with the request and phase filled in where they were missing. */
    RegistryException withContext(String newRequest, Phase newPhase) {
        if ((request != null || newRequest == null) && (phase != null || newPhase == null)) {
            return this;
        }
        Builder b = toBuilder();
        if (request == null) {
            b.request(newRequest);
        }
        if (phase == null) {
            b.phase(newPhase);
        }
        return b.build();
    }

    /** A copy that may no longer be retried (the retry budget is spent). */
    RegistryException notRetryable() {
        return retryable ? toBuilder().retryable(false).build() : this;
    }

    private Builder toBuilder() {
        Builder b = new Builder(category, getMessage()).cause(getCause()).phase(phase).request(request).status(httpStatus)
                .registryError(registryErrorCode, registryErrorMessage).rateLimit(rateLimit).retryAfter(retryAfter).retryable(retryable)
                .clockReadings(clockReadings);
        b.suppressedFrom = this;
        return b;
    }

    @Override
    public String toString() {
        return "RegistryException[" + category + (phase != null ? ", " + phase : "") + (request != null ? ", " + request : "") + "]: " + getMessage();
    }

    /** Describes a request for messages: method plus URL without user info and query. */
    static String describe(String method, URI uri) {
        StringBuilder sb = new StringBuilder(method).append(' ');
        if (uri.getScheme() != null) {
            sb.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            sb.append(uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost());
        }
        if (uri.getPort() != -1) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        return sb.toString();
    }

    static final class Builder {
        private final Category category;
        private final String message;
        private Throwable cause;
        private Phase phase;
        private String request;
        private int httpStatus;
        private String registryErrorCode;
        private String registryErrorMessage;
        private RateLimit rateLimit;
        private Duration retryAfter;
        private boolean retryable;
        private ClockReadings clockReadings;
        private RegistryException suppressedFrom;

        private Builder(Category category, String message) {
            this.category = category;
            this.message = message;
        }

        Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        Builder phase(Phase phase) {
            this.phase = phase;
            return this;
        }

        Builder request(String method, URI uri) {
            this.request = describe(method, uri);
            return this;
        }

        Builder request(String request) {
            this.request = request;
            return this;
        }

        Builder status(int status) {
            this.httpStatus = status;
            return this;
        }

        Builder registryError(String code, String message) {
            this.registryErrorCode = code;
            this.registryErrorMessage = message;
            return this;
        }

        Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        Builder retryable(boolean value) {
            this.retryable = value;
            return this;
        }

        Builder clockReadings(ClockReadings readings) {
            this.clockReadings = readings;
            return this;
        }

        RegistryException build() {
            RegistryException e = new RegistryException(this);
            if (suppressedFrom != null) {
                e.setStackTrace(suppressedFrom.getStackTrace());
            }
            return e;
        }
    }
}
