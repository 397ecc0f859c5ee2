package io.registryconsole.distribution;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns an unsuccessful HTTP status (plus the registry's error document) into a {@link RegistryException} with
 * the right category for what was being asked.
 */
final class StatusFailures {

    /** What the request was for; the same status means different things for each. */
    enum Target {
        PING, TOKEN, MANIFEST, BLOB, TAGS,
        /** A blob check, mount or upload on the target of a copy. */
        UPLOAD,
        /** A manifest put on the target of a copy. */
        MANIFEST_PUT
    }

    private StatusFailures() {
    }

    static RegistryException of(Response r, Phase phase, Target target, String subject, boolean anonymous) {
        ErrorBody error = r.error();
        String code = error.code();
        int status = r.status();
        Optional<Duration> retryAfter = retryAfter(r.headers());
        Optional<RateLimit> rateLimit = RateLimit.from(r.headers());
        Category category;
        String message;
        boolean retryable = false;
        String reason = error.message() != null ? ": " + error.message() : "";

        if (status == 429 || "TOOMANYREQUESTS".equals(code)) {
            category = Category.RATE_LIMITED;
            message = "the registry is rate limiting requests" + rateLimit.map(l -> " (" + l + ")").orElse("")
                    + retryAfter.map(d -> "; it asks to wait " + d.toSeconds() + " s").orElse("") + reason;
            retryable = retryAfter.isPresent();
        } else if (status == 400 && isPlainHttpToTlsPort(r)) {
            category = Category.TLS_PROTOCOL_MISMATCH;
            message = r.uri().getHost() + ":" + r.uri().getPort() + " expects TLS but was spoken to in plain HTTP; use https://";
        } else if (status == 502 || status == 503 || status == 504) {
            category = Category.SERVER_ERROR;
            message = "the registry answered " + status + " (temporarily unavailable)" + reason;
            retryable = true;
        } else if (status >= 500) {
            category = Category.SERVER_ERROR;
            message = "the registry failed with " + status + reason;
        } else if (target == Target.PING) {
            category = Category.NOT_A_REGISTRY;
            message = r.uri().getHost() + " answered " + status + " to GET /v2/: no registry API there" + reason;
        } else if (status == 401 || status == 403) {
            if (target == Target.TOKEN) {
                category = anonymous ? Category.AUTH_REQUIRED : Category.AUTH_INVALID_CREDENTIALS;
                message = anonymous ? "the token service refuses anonymous access" + reason
                        : "the token service rejected the stored credentials" + reason;
            } else if (anonymous) {
                category = Category.AUTH_REQUIRED;
                message = "the registry requires credentials for " + subject + reason;
            } else if (status == 403 || "DENIED".equals(code)) {
                category = Category.ACCESS_DENIED;
                message = "the credentials are valid but may not " + (pushing(target) ? "push to " : "pull ") + subject + reason;
            } else {
                category = Category.AUTH_INVALID_CREDENTIALS;
                message = "the registry rejected the stored credentials" + reason;
            }
        } else if (pushing(target) && status == 413) {
            category = Category.TOO_LARGE;
            message = "the target registry refuses " + subject + " as too large" + reason;
        } else if (pushing(target)) {
            category = Category.TARGET_REJECTED;
            message = "the target registry refused " + subject + " with " + status + (code != null ? " " + code : "") + reason;
        } else if (status == 404 || "NAME_UNKNOWN".equals(code) || "MANIFEST_UNKNOWN".equals(code) || "BLOB_UNKNOWN".equals(code)) {
            if ("NAME_UNKNOWN".equals(code) || target == Target.TAGS) {
                category = Category.REPOSITORY_NOT_FOUND;
                message = "the repository " + repositoryOf(subject) + " does not exist" + reason;
            } else if (target == Target.BLOB) {
                category = Category.SERVER_ERROR;
                message = "the registry does not have blob " + subject + " that the image references" + reason;
            } else if (target == Target.TOKEN) {
                category = Category.AUTH_UNSUPPORTED;
                message = "the token service answered 404: the realm URL is wrong" + reason;
            } else {
                category = Category.MANIFEST_NOT_FOUND;
                message = "no manifest " + subject + (code == null ? " (or no such repository)" : "") + reason;
            }
        } else if (status == 400 && ("NAME_INVALID".equals(code) || "TAG_INVALID".equals(code))) {
            category = Category.INVALID_REFERENCE;
            message = "the registry rejects the name " + subject + reason;
        } else if (status == 406 || (target == Target.MANIFEST && "MANIFEST_INVALID".equals(code))) {
            category = Category.UNSUPPORTED_MANIFEST;
            message = "the registry cannot serve " + subject + " in a format the console reads (OCI or Docker schema 2)" + reason;
        } else {
            category = Category.SERVER_ERROR;
            message = "the registry answered " + status + " to " + r.describe() + reason;
        }
        RegistryException.Builder b = RegistryException.builder(category, message).phase(phase).request(r.describe()).status(status)
                .registryError(code, error.message()).retryable(retryable);
        rateLimit.ifPresent(b::rateLimit);
        retryAfter.ifPresent(b::retryAfter);
        return b.build();
    }

    private static boolean pushing(Target target) {
        return target == Target.UPLOAD || target == Target.MANIFEST_PUT;
    }

    /** "team/app:1" or "team/app@sha256:..." → "team/app". */
    static String repositoryOf(String subject) {
        String s = subject;
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    private static boolean isPlainHttpToTlsPort(Response r) {
        String body = r.text();
        return "http".equals(r.uri().getScheme())
                && (body.contains("HTTP request to an HTTPS server") || body.contains("plain HTTP request was sent to HTTPS port"));
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            return Optional.of(Duration.ofSeconds(v.length() > 9 ? Long.MAX_VALUE / 1_000_000_000L : Long.parseLong(v)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
