package io.registryconsole.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.registryconsole.distribution.RateLimit;

class RateLimitGaugesTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RateLimitGauges gauges = new RateLimitGauges(meters);

    static Optional<RateLimit> limit(long limit, long remaining) {
        return Optional.of(new RateLimit(OptionalLong.of(limit), OptionalLong.of(remaining), Optional.of(Duration.ofHours(6)), Optional.empty()));
    }

    double value(String name, String registry) {
        return meters.get(name).tag("registry", registry).gauge().value();
    }

    @Test
    void theLastSeenValuesPerRegistry() {
        gauges.record("hub", limit(100, 7));
        gauges.record("quay", limit(500, 499));
        gauges.record("hub", limit(100, 3));

        assertThat(value(RateLimitGauges.REMAINING, "hub")).isEqualTo(3);
        assertThat(value(RateLimitGauges.LIMIT, "hub")).isEqualTo(100);
        assertThat(value(RateLimitGauges.REMAINING, "quay")).isEqualTo(499);
        assertThat(meters.find(RateLimitGauges.REMAINING).gauges()).as("one gauge per registry, updated in place").hasSize(2);
    }

    @Test
    void noHeaderNoGauge() {
        gauges.record("private", Optional.empty());
        gauges.record("partial", Optional.of(new RateLimit(OptionalLong.empty(), OptionalLong.of(4), Optional.empty(), Optional.empty())));

        assertThat(meters.find(RateLimitGauges.REMAINING).tag("registry", "private").gauge()).isNull();
        assertThat(value(RateLimitGauges.REMAINING, "partial")).isEqualTo(4);
        assertThat(meters.find(RateLimitGauges.LIMIT).tag("registry", "partial").gauge()).as("no limit header").isNull();
    }
}
