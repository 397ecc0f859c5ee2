package io.registryconsole.trust;

import java.util.List;

/** One rule of the compliance report: it measures its own evidence, live where the registries can tell. */
interface ComplianceRule {

    String id();

    String title();

    List<String> controls();

    /** Whether the rule applies to this environment at all (GDPR transfers only when registries carry regions). */
    default boolean appliesTo(ComplianceEvidence evidence) {
        return true;
    }

    RuleResult evaluate(ComplianceEvidence evidence);
}
