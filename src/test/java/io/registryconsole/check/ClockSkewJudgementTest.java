package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClockReadings;

/** Which side's clock is off, from the readings around a refused token (no network). */
class ClockSkewJudgementTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Duration TOLERANCE = Duration.ofSeconds(60);

    static ClockReadings readings(Duration registry, Duration issuer) {
        Instant iat = NOW.plus(issuer);
        return new ClockReadings(NOW, Optional.of(NOW.plus(registry)), Optional.empty(), Optional.of(iat), Optional.of(iat),
            Optional.of(iat.plus(Duration.ofMinutes(5))));
    }

    @Test
    void tokenServiceAhead() {
        assertThat(ClockSkew.explain(Category.AUTH_INVALID_CREDENTIALS, readings(Duration.ZERO, Duration.ofHours(2)), TOLERANCE))
            .hasValueSatisfying(m -> assertThat(m).contains("token service's clock runs 2 h 0 min ahead of the console's and the registry's")
                .contains("not valid before 2026-12-06T14:00:00Z"));
    }

    @Test
    void registryBehind() {
        assertThat(ClockSkew.explain(Category.AUTH_INVALID_CREDENTIALS, readings(Duration.ofMinutes(-30), Duration.ZERO), TOLERANCE))
            .hasValueSatisfying(m -> assertThat(m).contains("registry's clock runs 30 min 0 s behind the console's and the token service's"));
    }

    @Test
    void tokenServiceBehindSoTheTokenIsExpiredForTheRegistry() {
        assertThat(ClockSkew.explain(Category.AUTH_INVALID_CREDENTIALS, readings(Duration.ZERO, Duration.ofHours(-1)), TOLERANCE))
            .hasValueSatisfying(m -> assertThat(m).contains("1 h 0 min behind").contains("expired at"));
    }

    @Test
    void withinToleranceOrNotATokenRefusalIsNoSkew() {
        assertThat(ClockSkew.explain(Category.AUTH_INVALID_CREDENTIALS, readings(Duration.ZERO, Duration.ofSeconds(30)), TOLERANCE)).isEmpty();
        assertThat(ClockSkew.explain(Category.SERVER_ERROR, readings(Duration.ZERO, Duration.ofHours(2)), TOLERANCE)).isEmpty();
        assertThat(ClockSkew.explain(Category.AUTH_INVALID_CREDENTIALS, readings(Duration.ZERO, Duration.ofHours(2)), Duration.ofHours(3)))
            .isEmpty();
    }

    @Test
    void offsets() {
        assertThat(ClockSkew.offset(Duration.ofSeconds(-35))).isEqualTo("35 s behind");
        assertThat(ClockSkew.offset(Duration.ofMinutes(125))).isEqualTo("2 h 5 min ahead of");
        assertThat(ClockSkew.offset(Duration.ofHours(2).minusSeconds(4))).isEqualTo("2 h 0 min ahead of");
    }
}
