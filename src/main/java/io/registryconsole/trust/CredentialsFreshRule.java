package io.registryconsole.trust;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/** Every stored registry secret younger than the rotation age and not expired. */
@Component
class CredentialsFreshRule implements ComplianceRule {

    @Override
    public String id() {
        return "CREDENTIALS_FRESH";
    }

    @Override
    public String title() {
        return "Registry credentials are rotated in time";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_IDENTITY);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        Duration maxAge = e.settings().credentialRotationAge();
        List<String> stale = new ArrayList<>();
        List<String> soon = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (RegistryEvidence r : e.registries()) {
            if (!r.hasCredential()) {
                continue;
            }
            Instant expires = r.access().credentialExpiresAt();
            if (expires != null && !expires.isAfter(e.now())) {
                stale.add(r.name() + ": the credential of '" + r.access().username() + "' expired on " + day(expires));
                continue;
            }
            Instant setAt = r.credentialSetAt().orElse(null);
            if (setAt == null) {
                soon.add(r.name() + ": when the secret was set is unknown (stored before the console recorded it)");
                continue;
            }
            long days = Duration.between(setAt, e.now()).toDays();
            String line = r.name() + ": secret of '" + r.access().username() + "' set on " + day(setAt) + " (" + days + " days ago)";
            if (Duration.between(setAt, e.now()).compareTo(maxAge) > 0) {
                stale.add(line + ", older than the rotation age of " + maxAge.toDays() + " days");
            } else if (expires != null && Duration.between(e.now(), expires).compareTo(Duration.ofDays(14)) < 0) {
                soon.add(line + ", expires on " + day(expires));
            } else {
                fresh.add(line);
            }
        }
        List<String> all = new ArrayList<>(stale);
        all.addAll(soon);
        all.addAll(fresh);
        String evidence = all.isEmpty() ? "no registry of the environment has a stored credential" : String.join("; ", all);
        String remediation = "Issue a new password or token at the registry (a new robot account secret in Harbor, a new access token "
            + "elsewhere), store it in the console (it records when) and roll it out to the nodes with the docker-config or k8s-secret "
            + "export; then revoke the old one. The rotation age is console.compliance.credential-rotation-age.";
        if (!stale.isEmpty()) {
            return new RuleResult(ComplianceStatus.FAIL, evidence, remediation);
        }
        if (!soon.isEmpty()) {
            return new RuleResult(ComplianceStatus.WARN, evidence, remediation);
        }
        return RuleResult.pass(evidence);
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
