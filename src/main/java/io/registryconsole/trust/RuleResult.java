package io.registryconsole.trust;

/** What one rule measured: its status, the evidence (measured now) and what to do about it. */
record RuleResult(ComplianceStatus status, String evidence, String remediation) {

    static RuleResult pass(String evidence) {
        return new RuleResult(ComplianceStatus.PASS, evidence, "Nothing to do.");
    }
}
