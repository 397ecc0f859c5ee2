package io.registryconsole.trust;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/** Measured live: does each registry let a client without credentials in ({@code GET /v2/} answered 200)? */
@Component
class AuthenticatedAccessRule implements ComplianceRule {

    @Override
    public String id() {
        return "AUTHENTICATED_ACCESS";
    }

    @Override
    public String title() {
        return "Registries refuse anonymous clients";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_IDENTITY, Controls.MLPS_ACCESS);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        List<String> open = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (RegistryEvidence r : e.registries()) {
            if (r.anonymousPing().isEmpty()) {
                unknown.add(r.name() + ": not reachable now");
            } else if (r.anonymousPing().get() == 200) {
                open.add(r.name() + ": GET /v2/ without credentials answered 200 (anonymous pulls get through)");
            } else {
                closed.add(r.name() + ": GET /v2/ without credentials answered " + r.anonymousPing().get()
                    + r.anonymousChallenge().map(c -> " (" + c + ")").orElse(""));
            }
        }
        String evidence = String.join("; ", concat(open, closed, unknown));
        if (!open.isEmpty()) {
            return new RuleResult(ComplianceStatus.FAIL, evidence, "Turn on authentication at the registry (distribution: auth.htpasswd "
                + "or auth.token; Harbor: make the project private) and give each environment its own robot account or token.");
        }
        if (!unknown.isEmpty() || e.registries().isEmpty()) {
            return new RuleResult(ComplianceStatus.WARN, e.registries().isEmpty() ? "the environment uses no registry" : evidence,
                "Make the registry reachable from the console and run the report again.");
        }
        return RuleResult.pass(evidence);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
