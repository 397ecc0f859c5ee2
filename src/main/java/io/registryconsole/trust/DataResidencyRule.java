package io.registryconsole.trust;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Where registries carry a {@code region=...} label: images (and the data in them) should not be pulled from, or
 * mirrored through, registries in more than one region without a transfer basis.
 */
@Component
class DataResidencyRule implements ComplianceRule {

    @Override
    public String id() {
        return "DATA_RESIDENCY";
    }

    @Override
    public String title() {
        return "Registries of the environment stay in one region";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.GDPR_TRANSFERS);
    }

    @Override
    public boolean appliesTo(ComplianceEvidence e) {
        return e.registries().stream().anyMatch(r -> r.region().isPresent());
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        Set<String> regions = new LinkedHashSet<>();
        List<String> lines = e.registries().stream().map(r -> {
            r.region().ifPresent(regions::add);
            return r.name() + ": " + r.region().map(reg -> "region " + reg).orElse("no region label");
        }).toList();
        String evidence = String.join("; ", lines);
        boolean unlabelled = e.registries().stream().anyMatch(r -> r.region().isEmpty());
        if (regions.size() > 1) {
            return new RuleResult(ComplianceStatus.FAIL, evidence + ": data crosses from " + String.join(" to ", regions),
                "Keep the environment's registries in one region, or document the transfer basis (adequacy decision, standard "
                    + "contractual clauses) for images that carry personal data.");
        }
        if (unlabelled) {
            return new RuleResult(ComplianceStatus.WARN, evidence, "Label every registry with its region (region=<name>) so the "
                + "report can tell whether data leaves it.");
        }
        return RuleResult.pass(evidence);
    }
}
