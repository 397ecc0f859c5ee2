package io.registryconsole.trust;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

/** Audit records are kept at least as long as required (MLPS 2.0: six months). */
@Component
class AuditRetainedRule implements ComplianceRule {

    @Override
    public String id() {
        return "AUDIT_RETAINED";
    }

    @Override
    public String title() {
        return "Changes are audited and the audit trail is kept long enough";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_AUDIT);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        Duration required = e.settings().requiredAuditRetention();
        String trail = e.auditEvents() + " audit events" + e.oldestAuditEvent().map(o -> ", the oldest from "
            + CredentialsFreshRule.day(o)).orElse("");
        Duration retention = e.settings().auditRetention();
        if (retention == null) {
            return RuleResult.pass("the console deletes no audit event (console.compliance.audit-retention is not set); " + trail
                + "; required: " + required.toDays() + " days");
        }
        String evidence = "audit events are kept " + retention.toDays() + " days (console.compliance.audit-retention), required: "
            + required.toDays() + " days; " + trail;
        if (retention.compareTo(required) < 0) {
            return new RuleResult(ComplianceStatus.FAIL, evidence, "Keep audit events at least " + required.toDays()
                + " days: lengthen the pruning of audit_event (and set console.compliance.audit-retention to match), or export the "
                + "audit trail to a log archive that keeps it.");
        }
        return RuleResult.pass(evidence);
    }
}
