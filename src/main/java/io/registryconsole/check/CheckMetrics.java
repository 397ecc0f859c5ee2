package io.registryconsole.check;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code console.check.duration}: a timer with histogram buckets per registry, phase (a step name, or {@code total})
 * and outcome ({@code ok} or the failure category). Checks belong to no environment ({@code environment=none}).
 */
@Component
class CheckMetrics {

    static final String NAME = "console.check.duration";

    private final MeterRegistry meters;

    CheckMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(String registry, CheckReport report) {
        for (CheckStep step : report.steps()) {
            if (step.status() == StepStatus.SKIP) {
                continue;
            }
            String outcome = step.status() == StepStatus.FAIL && report.category() != null ? report.category().name() : "ok";
            timer(registry, step.name().name(), outcome).record(Duration.ofMillis(step.durationMs()));
        }
        timer(registry, "total", report.ok() ? "ok" : report.category().name()).record(Duration.ofMillis(report.durationMs()));
    }

    private Timer timer(String registry, String phase, String outcome) {
        return Timer.builder(NAME)
            .description("connection checks of registries, per step")
            .tag("registry", registry)
            .tag("environment", "none")
            .tag("phase", phase)
            .tag("outcome", outcome)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(meters);
    }
}
