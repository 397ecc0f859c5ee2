package io.registryconsole.trust;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import io.registryconsole.distribution.CertificateInfo;

/** Measured live: which certificate of which registry expires when, and does it verify now. */
@Component
class CertificatesValidRule implements ComplianceRule {

    @Override
    public String id() {
        return "CERTIFICATES_VALID";
    }

    @Override
    public String title() {
        return "Registry certificates verify and are not about to expire";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_IDENTITY, Controls.MLPS_CONFIDENTIALITY);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        List<String> failed = new ArrayList<>();
        List<String> warned = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (RegistryEvidence r : e.registries()) {
            if (r.plainHttp()) {
                warned.add(r.name() + ": plain HTTP, no certificate at all");
                continue;
            }
            if (r.pingFailure().isPresent()) {
                String category = r.pingFailure().get().category().name();
                (category.startsWith("TLS_") ? failed : warned).add(r.name() + ": " + r.pingFailure().get().getMessage());
                continue;
            }
            var tls = r.ping().flatMap(p -> p.tls());
            if (tls.isEmpty() || tls.get().chain().isEmpty()) {
                warned.add(r.name() + ": no certificate seen");
                continue;
            }
            if (tls.get().skippedProblem().isPresent()) {
                failed.add(r.name() + ": " + tls.get().skippedProblem().get().getMessage() + " (ignored only because it is marked insecure)");
                continue;
            }
            CertificateInfo leaf = tls.get().chain().get(0);
            Duration left = Duration.between(e.now(), leaf.notAfter());
            String line = r.name() + ": " + leaf.subject() + " expires on " + CredentialsFreshRule.day(leaf.notAfter()) + " (in "
                + left.toDays() + " days)";
            (left.compareTo(e.settings().certificateWarning()) < 0 ? warned : fine).add(line);
        }
        List<String> all = new ArrayList<>(failed);
        all.addAll(warned);
        all.addAll(fine);
        String evidence = all.isEmpty() ? "the environment uses no registry" : String.join("; ", all);
        String remediation = "Renew certificates before they expire (automate it: ACME / cert-manager), issue them for the host name "
            + "the registry URL uses, and store the issuing CA with the registry so every node verifies it.";
        if (!failed.isEmpty()) {
            return new RuleResult(ComplianceStatus.FAIL, evidence, remediation);
        }
        if (!warned.isEmpty() || all.isEmpty()) {
            return new RuleResult(ComplianceStatus.WARN, evidence, remediation);
        }
        return RuleResult.pass(evidence);
    }
}
