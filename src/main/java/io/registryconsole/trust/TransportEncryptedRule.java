package io.registryconsole.trust;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/** Every registry of the environment spoken to over HTTPS with a verified certificate. */
@Component
class TransportEncryptedRule implements ComplianceRule {

    @Override
    public String id() {
        return "TRANSPORT_ENCRYPTED";
    }

    @Override
    public String title() {
        return "Registry traffic is encrypted and the registry authenticated (verified HTTPS)";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_CONFIDENTIALITY, Controls.MLPS_INTEGRITY);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        if (e.registries().isEmpty()) {
            return new RuleResult(ComplianceStatus.WARN, "the environment uses no registry", "Bind the environment's registries.");
        }
        List<String> bad = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (RegistryEvidence r : e.registries()) {
            if (r.plainHttp()) {
                bad.add(r.name() + ": plain HTTP (" + r.access().url() + ")");
            } else if (r.access().insecure()) {
                bad.add(r.name() + ": HTTPS without certificate verification (marked insecure)"
                    + r.ping().flatMap(p -> p.tls()).flatMap(t -> t.skippedProblem()).map(p -> ", and the certificate has a problem: "
                        + p.getMessage()).orElse(""));
            } else if (r.pingFailure().isPresent() && r.pingFailure().get().category().name().startsWith("TLS_")) {
                bad.add(r.name() + ": the TLS handshake fails verification (" + r.pingFailure().get().category() + ")");
            } else if (r.ping().isPresent()) {
                good.add(r.name() + ": " + r.ping().get().tls().map(t -> t.protocol() + " " + t.cipherSuite()).orElse("HTTPS"));
            } else {
                good.add(r.name() + ": HTTPS configured (not reachable now: " + r.pingFailure().map(f -> f.category().name()).orElse("?") + ")");
            }
        }
        if (!bad.isEmpty()) {
            return new RuleResult(ComplianceStatus.FAIL, String.join("; ", bad) + (good.isEmpty() ? "" : "; fine: " + String.join("; ", good)),
                "Serve every registry over HTTPS with a certificate from a CA the nodes trust (store that CA with the registry in the "
                    + "console) and clear the insecure flag; plain HTTP exposes credentials and lets anyone on the path alter images.");
        }
        return RuleResult.pass(String.join("; ", good));
    }
}
