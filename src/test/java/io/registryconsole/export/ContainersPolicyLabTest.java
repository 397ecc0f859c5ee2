package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.CosignFixtures;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The containers-policy and registries-d exports read by Debian's skopeo ({@code skopeo --policy --registries.d
 * copy}; copy, because inspect ignores the policy): an unsigned image is refused for want of a signature. For a
 * signed one Debian's skopeo 1.9 answers "Debian-local change: sigstore disabled" - Debian builds containers/image
 * without sigstore verification, so it cannot accept cosign signatures at all; a podman/skopeo built upstream does.
 */
@ExtendWith(RegistryLab.Extension.class)
class ContainersPolicyLabTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void skopeoRejectsAnUnsignedImageUnderTheExportedPolicy(@Use(Variant.ANONYMOUS) LabRegistry registry, RegistryLab lab) throws Exception {
        CosignFixtures cosign = new CosignFixtures(lab.runDir().resolve("containers-policy"));
        CosignFixtures.KeyPair key = cosign.ecKey("policy-key");
        String unsigned = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/policy-unsigned:1");
        String signed = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/policy-signed:1");
        cosign.signAndPush(registry, "trust/policy-signed", signed, key);
        assertThat(unsigned).isEqualTo(signed);

        ExportEnvironment env = new ExportEnvironment("signed", null, null, null,
                List.of(ExportBinding.primary("lab", registry.baseUrl().toString()).withInsecure(true)))
                .withTrust(true, List.of(key.publicPem()));
        ExportService exports = new ExportService();
        ExportResult policy = exports.render(Format.CONTAINERS_POLICY, env, ExportOptions.defaults());
        ExportResult registriesD = exports.render(Format.REGISTRIES_D, env, ExportOptions.defaults());

        JsonNode requirement = JSON.readTree(policy.files().get(0).content()).get("transports").get("docker").get(registry.hostPort()).get(0);
        assertThat(requirement.get("type").asString()).isEqualTo("sigstoreSigned");
        assertThat(new String(java.util.Base64.getDecoder().decode(requirement.get("keyData").asString()))).isEqualTo(key.publicPem());
        assertThat(registriesD.files().get(0).content()).contains(registry.hostPort()).contains("use-sigstore-attachments: true");

        Path policyFile = Files.writeString(tmp.resolve("policy.json"), policy.files().get(0).content());
        Path dir = Files.createDirectories(tmp.resolve("registries.d"));
        Files.writeString(dir.resolve("registry-console.yaml"), registriesD.files().get(0).content());

        Programs.Result refused = copy(policyFile, dir, registry, "trust/policy-unsigned:1");
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stderr()).contains("A signature was required, but no signature exists");

        Programs.Result debian = copy(policyFile, dir, registry, "trust/policy-signed:1");
        assertThat(debian.exitCode()).as(debian.describe()).isNotZero();
        assertThat(debian.stderr()).as("Debian's skopeo finds the signature but is built without sigstore verification")
                .contains("Debian-local change: sigstore disabled");

        // the same copy without the registries.d file does not even find the signature: the attachment setting matters
        Programs.Result blind = copy(policyFile, Files.createDirectories(tmp.resolve("empty.d")), registry, "trust/policy-signed:1");
        assertThat(blind.stderr()).contains("A signature was required, but no signature exists");
    }

    @Test
    void withoutARequirementThePolicyAcceptsAnythingAndSaysSo() {
        ExportEnvironment env = new ExportEnvironment("plain", null, null, null, List.of(ExportBinding.primary("hub", "https://registry-1.docker.io")));
        ExportResult policy = new ExportService().render(Format.CONTAINERS_POLICY, env, ExportOptions.defaults());
        assertThat(policy.files().get(0).content()).contains("insecureAcceptAnything").doesNotContain("sigstoreSigned");
        assertThat(policy.warnings()).singleElement().asString().contains("requires no signature");
        assertThat(Format.fromId("containers-policy").importable()).isFalse();
        assertThat(Format.fromId("registries-d").importable()).isFalse();
    }

    private Programs.Result copy(Path policy, Path registriesD, LabRegistry registry, String reference) {
        List<String> command = new ArrayList<>(List.of(Programs.require("skopeo", "skopeo").toString(), "--policy", policy.toString(),
                "--registries.d", registriesD.toString(), "copy"));
        command.addAll(registry.skopeoOptions("src-"));
        command.add(registry.dockerReference(reference));
        command.add("dir:" + tmp.resolve("out-" + System.nanoTime()));
        Path auth = tmp.resolve("auth.json");
        try {
            Files.writeString(auth, "{\"auths\":{}}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Programs.run(command, Map.of("REGISTRY_AUTH_FILE", auth.toString()), Duration.ofMinutes(2));
    }
}
