package io.registryconsole.distribution;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the {@code exp} claim (and other date claims) of a token that happens to be a JWT (many identity and refresh
 * tokens are), without verifying anything: only used to explain a rejection as "expired" or "clock skew" rather than
 * "invalid".
 */
final class JwtExpiry {

    private JwtExpiry() {
    }

    static Optional<Instant> of(String token) {
        return claim(token, "exp");
    }

    /** A numeric date claim ({@code exp}, {@code nbf}, {@code iat}) of a JWT, unverified. */
    static Optional<Instant> claim(String token, String name) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || parts[1].isEmpty() || parts[1].length() > 16_384) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('=', ' ').strip());
            return Json.parse(payload).flatMap(claims -> {
                var exp = Json.number(claims, name);
                return exp.isPresent() ? Optional.of(Instant.ofEpochSecond(exp.getAsLong())) : Optional.empty();
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isExpired(String token, Instant now) {
        return of(token).map(exp -> exp.isBefore(now)).orElse(false);
    }

    /** Just for messages. */
    static String describe(String token) {
        return of(token).map(Instant::toString).orElse("an unknown time");
    }
}
