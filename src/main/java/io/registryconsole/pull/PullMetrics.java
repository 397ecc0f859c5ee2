package io.registryconsole.pull;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code console.pull.duration}: a timer with histogram buckets of test pulls per registry (the one that served it,
 * or the last one tried), environment ({@code none} for a registry pull), phase (DNS ... LAYERS, or {@code total})
 * and outcome ({@code ok} or the failure category).
 */
@Component
class PullMetrics {

    static final String NAME = "console.pull.duration";

    private final MeterRegistry meters;

    PullMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String registry, String environment, PullOutcome outcome) {
        String result = outcome.failure() == null ? "ok" : outcome.failure().category().name();
        for (PullTestView.Phase phase : outcome.phases()) {
            timer(registry, environment, phase.name(), result).record(Duration.ofMillis(phase.durationMs()));
        }
        timer(registry, environment, "total", result).record(Duration.ofMillis(outcome.durationMs()));
    }

    private Timer timer(String registry, String environment, String phase, String outcome) {
        return Timer.builder(NAME)
            .description("test pulls, per phase")
            .tag("registry", registry == null ? "unknown" : registry)
            .tag("environment", environment == null ? "none" : environment)
            .tag("phase", phase)
            .tag("outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(30))
            .register(meters);
    }
}
