package io.registryconsole.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A bearer token from a registry's token service. {@code toString()} hides the value.
 *
 * @param issuedAt     as the service said ({@code issued_at}), when it did
 * @param expiresAt    local time after which the token is not used; measured from when it was received, so a
 *                     skewed clock at the service cannot make a fresh token look expired
 * @param refreshToken a new identity token the service handed out with the OAuth2 flow, or null
 * @param serviceDate  the token service's {@code Date} header on the response (a reading of its clock)
 */
record Token(String value, Duration lifetime, Optional<Instant> issuedAt, Instant expiresAt, String refreshToken,
             Optional<Instant> serviceDate) {

    /** Docker's rule: a token service that says less than 60 s (or nothing) means 60 s. */
    static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(60);

    static Token of(String value, long expiresInSeconds, Optional<Instant> issuedAt, String refreshToken, Instant receivedAt) {
        return of(value, expiresInSeconds, issuedAt, refreshToken, receivedAt, Optional.empty());
    }

    static Token of(String value, long expiresInSeconds, Optional<Instant> issuedAt, String refreshToken, Instant receivedAt,
                    Optional<Instant> serviceDate) {
        Duration lifetime = expiresInSeconds < MINIMUM_LIFETIME.toSeconds() ? MINIMUM_LIFETIME : Duration.ofSeconds(expiresInSeconds);
        return new Token(value, lifetime, issuedAt, receivedAt.plus(lifetime), refreshToken, serviceDate);
    }

    /** The clock readings this token carries, next to the registry's Date on a refusal and the console's clock. */
    ClockReadings clockReadings(Instant console, Optional<Instant> registryDate) {
        return new ClockReadings(console, registryDate, serviceDate, JwtExpiry.claim(value, "iat").or(() -> issuedAt),
            JwtExpiry.claim(value, "nbf"), JwtExpiry.claim(value, "exp"));
    }

    /** Usable for another request: not within the last tenth of its lifetime (at most 30 s) before expiry. */
    boolean isFresh(Instant now) {
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(Duration.ofSeconds(30)) > 0) {
            margin = Duration.ofSeconds(30);
        }
        return now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "Token[****, lifetime=" + lifetime + ", expiresAt=" + expiresAt + "]";
    }
}
