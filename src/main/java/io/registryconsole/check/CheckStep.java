package io.registryconsole.check;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One step of a connection check.
 *
 * @param detail what was found, for people (addresses, certificate, auth scheme, ...); never a secret
 */
@Schema(name = "CheckStep")
public record CheckStep(StepName name, StepStatus status, long durationMs, String detail) {

    /** The named step failed; none of the others ran. */
    static java.util.List<CheckStep> failedAt(StepName failed, long millis, String detail) {
        return java.util.Arrays.stream(StepName.values())
            .map(n -> n == failed ? new CheckStep(n, StepStatus.FAIL, millis, detail) : skipped(n, "not run: an earlier step failed"))
            .toList();
    }

    static CheckStep skipped(StepName name, String why) {
        return new CheckStep(name, StepStatus.SKIP, 0, why);
    }
}
