package io.registryconsole.check;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.registryconsole.distribution.Category;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The verdict of a connection check: one category and one remediation for the first step that failed, and every
 * step with its status, duration and detail.
 *
 * @param ok                    no step failed (warnings allowed)
 * @param category              the failure category of the first failed step; null when ok
 * @param summary               one sentence on the outcome
 * @param remediation           what to do about the failure (or the first warning); null when there is nothing to do
 * @param certificateNotAfter   earliest end of validity in the TLS chain the registry presented, when the handshake
 *                              showed it (for expiry metrics; not part of the JSON)
 * @param durationMs            wall time of the whole check (not part of the JSON)
 * @param registryClockOffsetMs how far the registry's clock (its Date header on the ping) was ahead of the console's,
 *                              when it sent one (for probes; not part of the JSON)
 */
@Schema(name = "CheckReport")
public record CheckReport(boolean ok,
                          @Schema(nullable = true) Category category,
                          String summary,
                          @Schema(nullable = true) String remediation,
                          List<CheckStep> steps,
                          Instant checkedAt,
                          @JsonIgnore @Schema(hidden = true) Instant certificateNotAfter,
                          @JsonIgnore @Schema(hidden = true) long durationMs,
                          @JsonIgnore @Schema(hidden = true) Long registryClockOffsetMs) {

    public CheckReport {
        steps = List.copyOf(steps);
    }

    public CheckReport(boolean ok, Category category, String summary, String remediation, List<CheckStep> steps, Instant checkedAt,
                       Instant certificateNotAfter, long durationMs) {
        this(ok, category, summary, remediation, steps, checkedAt, certificateNotAfter, durationMs, null);
    }

    public Optional<CheckStep> step(StepName name) {
        return steps.stream().filter(s -> s.name() == name).findFirst();
    }

    public Optional<Instant> certificateExpiry() {
        return Optional.ofNullable(certificateNotAfter);
    }
}
