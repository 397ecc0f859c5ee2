package io.registryconsole.distribution;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rate-limit information a registry sent. Docker Hub sends {@code ratelimit-limit: 100;w=21600} and
 * {@code ratelimit-remaining: 76;w=21600}; the IETF draft uses plain numbers. Any part may be absent.
 *
 * @param limit     requests allowed in the window, when sent
 * @param remaining requests left in the window, when sent
 * @param window    the window length, when sent ({@code w=} parameter)
 * @param source    Docker Hub's {@code docker-ratelimit-source} (the IP or account the limit applies to), when sent
 */
public record RateLimit(OptionalLong limit, OptionalLong remaining, Optional<Duration> window, Optional<String> source) {

    /** Reads the headers; empty when the response carries none of them. */
    static Optional<RateLimit> from(HttpHeaders headers) {
        Optional<String> limitHeader = first(headers, "ratelimit-limit", "x-ratelimit-limit");
        Optional<String> remainingHeader = first(headers, "ratelimit-remaining", "x-ratelimit-remaining");
        if (limitHeader.isEmpty() && remainingHeader.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong limit = limitHeader.map(RateLimit::leadingNumber).orElse(OptionalLong.empty());
        OptionalLong remaining = remainingHeader.map(RateLimit::leadingNumber).orElse(OptionalLong.empty());
        Optional<Duration> window = limitHeader.flatMap(RateLimit::windowParameter)
                .or(() -> remainingHeader.flatMap(RateLimit::windowParameter));
        Optional<String> source = headers.firstValue("docker-ratelimit-source").map(s -> s.length() > 100 ? s.substring(0, 100) : s);
        return Optional.of(new RateLimit(limit, remaining, window, source));
    }

    private static Optional<String> first(HttpHeaders headers, String... names) {
        for (String name : names) {
            Optional<String> value = headers.firstValue(name);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    static OptionalLong leadingNumber(String value) {
        String v = value.strip();
        int end = 0;
        while (end < v.length() && end < 18 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.substring(0, end)));
    }

    static Optional<Duration> windowParameter(String value) {
        for (String part : value.split(";")) {
            String p = part.strip();
            if (p.startsWith("w=")) {
                OptionalLong seconds = leadingNumber(p.substring(2));
                if (seconds.isPresent()) {
                    return Optional.of(Duration.ofSeconds(seconds.getAsLong()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        limit.ifPresent(l -> sb.append("limit ").append(l));
        remaining.ifPresent(r -> sb.append(sb.length() > 0 ? ", " : "").append("remaining ").append(r));
        window.ifPresent(w -> sb.append(" per ").append(w.toSeconds()).append(" s"));
        return sb.toString();
    }
}
