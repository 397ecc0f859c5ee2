package io.registryconsole.trust;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An environment's compliance report, measured at {@code checkedAt}.
 *
 * @param score PASS counts 1, WARN one half, FAIL nothing; in percent of the rules
 */
@Schema(name = "ComplianceReport")
public record ComplianceReport(Environment environment, Instant checkedAt, int score, List<Rule> rules) {

    @Schema(name = "ComplianceEnvironment")
    public record Environment(long id, String name) {
    }

    /** @param controls the controls the rule serves (MLPS 2.0 / 等保 2.0, GDPR) */
    @Schema(name = "ComplianceRule")
    public record Rule(String id, String title, ComplianceStatus status, String evidence, String remediation, List<String> controls) {
    }

    static int score(List<Rule> rules) {
        if (rules.isEmpty()) {
            return 0;
        }
        double points = rules.stream().mapToDouble(r -> switch (r.status()) {
            case PASS -> 1;
            case WARN -> 0.5;
            case FAIL -> 0;
        }).sum();
        return (int) Math.round(100 * points / rules.size());
    }
}
