package io.registryconsole.trust;

import java.util.List;

import org.springframework.stereotype.Component;

import io.registryconsole.distribution.TrustedKey;

/** The environment demands verified image signatures, with at least one key to verify them. */
@Component
class SignaturesRequiredRule implements ComplianceRule {

    @Override
    public String id() {
        return "SIGNATURES_REQUIRED";
    }

    @Override
    public String title() {
        return "Images must carry a signature by a trusted key";
    }

    @Override
    public List<String> controls() {
        return List.of(Controls.MLPS_TRUSTED_VERIFICATION, Controls.MLPS_INTEGRITY);
    }

    @Override
    public RuleResult evaluate(ComplianceEvidence e) {
        List<String> keys = e.trust().publicKeysPem().stream().map(pem -> TrustedKey.parsePem(pem).toString()).toList();
        if (e.trust().requireSignature() && !keys.isEmpty()) {
            return RuleResult.pass("test pulls require a cosign signature verified with " + String.join(", ", keys));
        }
        return new RuleResult(ComplianceStatus.FAIL, e.trust().requireSignature() ? "signatures are required but no key is trusted"
            : "the environment does not require signatures" + (keys.isEmpty() ? "" : " (it trusts " + String.join(", ", keys) + ")"),
            "Sign images with cosign in the build pipeline, put the public key into the environment's trust policy with "
                + "requireSignature, and install the containers-policy and registries-d exports on the nodes so runtimes enforce it.");
    }
}
