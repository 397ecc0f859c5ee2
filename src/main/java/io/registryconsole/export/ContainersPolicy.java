package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * containers-policy.json(5) for podman, CRI-O, buildah and skopeo: when the environment requires signatures, every
 * scope it uses demands a {@code sigstoreSigned} signature (cosign's format) by the trusted key, given inline as
 * {@code keyData}. Identity {@code matchRepository}: cosign's payload names the repository without a tag, which the
 * default {@code matchRepoDigestOrExact} would refuse for tag pulls. Images from elsewhere stay accepted (default
 * {@code insecureAcceptAnything}), as on a stock host. Goes with the registries-d export, which tells
 * containers/image to look for the signatures as sigstore attachments ({@code sha256-<hex>.sig}).
 */
final class ContainersPolicy implements Renderer {

    @Override
    public Format format() {
        return Format.CONTAINERS_POLICY;
    }

    @Override
    public ExportResult render(ExportEnvironment env, ExportOptions options) {
        List<String> warnings = new ArrayList<>();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("default", List.of(Map.of("type", "insecureAcceptAnything")));
        Map<String, Object> docker = new LinkedHashMap<>();
        if (env.requireSignature() && !env.trustedKeysPem().isEmpty()) {
            Map<String, Object> requirement = new LinkedHashMap<>();
            requirement.put("type", "sigstoreSigned");
            if (env.trustedKeysPem().size() == 1) {
                requirement.put("keyData", keyData(env.trustedKeysPem().get(0)));
            } else {
                // one requirement per key would demand every key (requirements are AND-ed); keyDatas accepts any of them
                requirement.put("keyDatas", env.trustedKeysPem().stream().map(ContainersPolicy::keyData).toList());
                warnings.add("the environment trusts " + env.trustedKeysPem().size() + " keys: the policy lists them as keyDatas, "
                        + "which containers/image understands from 5.31 on (podman 5.1); older versions (Debian 12's skopeo 1.9) "
                        + "accept only one keyData");
            }
            requirement.put("signedIdentity", Map.of("type", "matchRepository"));
            for (String scope : TrustScopes.of(env)) {
                docker.put(scope, List.of(requirement));
            }
        } else {
            warnings.add("the environment requires no signature: this policy accepts every image (a trust policy with "
                    + "requireSignature and a public key makes it demand cosign signatures)");
        }
        Map<String, Object> transports = new LinkedHashMap<>();
        transports.put("docker", docker);
        policy.put("transports", transports);
        ExportFile file = new ExportFile("policy.json", "/etc/containers/policy.json", Formats.json(policy), "application/json");
        return new ExportResult(format(), List.of(file), warnings, false);
    }

    /** containers-policy.json's keyData: the key file's bytes, base64. */
    private static String keyData(String pem) {
        return Base64.getEncoder().encodeToString(Pem.normalise(pem).getBytes(StandardCharsets.UTF_8));
    }
}
