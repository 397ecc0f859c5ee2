package io.registryconsole.distribution;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the other sides' clocks said around a refused token: the {@code Date} headers of the registry and of its
 * token service, and the token's own {@code iat}/{@code nbf}/{@code exp}, next to the console's clock at that moment.
 * The client only collects them; whether they differ enough to explain the refusal is the caller's judgement (it
 * owns the tolerance).
 *
 * @param console      the console's clock when the refusal arrived
 * @param registry     the registry's {@code Date} header on the refusal
 * @param tokenService the token service's {@code Date} header when it issued the token
 * @param tokenIssued  the token's {@code iat} claim (or the response's {@code issued_at})
 * @param notBefore    the token's {@code nbf} claim
 * @param expires      the token's {@code exp} claim
 */
public record ClockReadings(Instant console, Optional<Instant> registry, Optional<Instant> tokenService, Optional<Instant> tokenIssued,
                            Optional<Instant> notBefore, Optional<Instant> expires) {

    /** How far the registry's clock is ahead of the console's (negative: behind), when it sent a Date. */
    public Optional<Duration> registryOffset() {
        return registry.map(r -> Duration.between(console, r));
    }

    /**
     * How far the token service's clock is ahead of the console's: the token's {@code iat} (the clock that signed the
     * times the registry judges; a token is used within moments of being issued), else the service's {@code Date}.
     * (A front proxy may write the Date header from another clock than the signer's.)
     */
    public Optional<Duration> tokenServiceOffset() {
        return tokenIssued.or(() -> tokenService).map(t -> Duration.between(console, t));
    }

    /** Reads an HTTP {@code Date} header (RFC 1123). */
    static Optional<Instant> httpDate(Optional<String> value) {
        return value.flatMap(v -> {
            try {
                return Optional.of(ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
