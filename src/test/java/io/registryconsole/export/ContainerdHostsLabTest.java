package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Proof by containerd's resolver (Debian's containerd package, {@code ctr content fetch-object --hosts-dir};
 * no daemon needed): the generated certs.d tree sends pulls to the mirrors in priority order, applies
 * override_path for a mirror with a repository prefix, and trusts a registry's own CA.
 */
@ExtendWith(RegistryLab.Extension.class)
class ContainerdHostsLabTest {

    @TempDir
    Path tmp;

    @Test
    void ctrResolvesThroughTheMirrorsInOrder(@Use(Variant.ANONYMOUS) LabRegistry anonymous) throws Exception {
        String upstream = LabEnvironments.deadHost();
        ExportEnvironment env = new ExportEnvironment("mirrors", null, null, null, List.of(
                ExportBinding.mirror("dead", "http://" + LabEnvironments.deadHost(), upstream, 1),
                LabEnvironments.mirror("anonymous", anonymous, upstream, 2)));
        Path hostsDir = write(env);

        ExternalProgram.Result fetched = fetch(hostsDir, List.of(), upstream + "/" + RegistryLab.ALPINE);
        ExternalProgram.Result withoutHosts = fetch(tmp.resolve("no-hosts"), List.of(), upstream + "/" + RegistryLab.ALPINE);

        assertThat(fetched.exitCode()).as(fetched.describe()).isZero();
        assertThat(sha256(fetched.stdout())).isEqualTo(anonymous.image(RegistryLab.ALPINE).digest());
        assertThat(fetched.stderr()).as("the dead mirror was tried first").contains("trying next host");
        assertThat(withoutHosts.exitCode()).as("the upstream itself does not answer").isNotZero();
    }

    @Test
    void ctrUsesOverridePathForAMirrorWithARepositoryPrefix(@Use(Variant.ANONYMOUS) LabRegistry anonymous) throws Exception {
        String upstream = LabEnvironments.deadHost();
        ExportEnvironment env = new ExportEnvironment("prefix", null, null, null, List.of(
                ExportBinding.mirror("project", anonymous.baseUrl() + "/library", upstream, 1)));

        ExternalProgram.Result fetched = fetch(write(env), List.of(), upstream + "/alpine-test:3.19");

        assertThat(fetched.exitCode()).as(fetched.describe()).isZero();
        assertThat(sha256(fetched.stdout())).isEqualTo(anonymous.image(RegistryLab.ALPINE).digest());
    }

    @Test
    void ctrTrustsTheRegistryCaFromHostsToml(@Use(Variant.TLS_BASIC) LabRegistry tlsBasic) throws Exception {
        ExportBinding registry = LabEnvironments.primary("tls-basic", tlsBasic);
        List<String> login = List.of("--user", RegistryLab.BASIC_USER.username() + ":" + RegistryLab.BASIC_USER.password());

        ExternalProgram.Result fetched = fetch(write(new ExportEnvironment("tls", null, null, null, List.of(registry))),
                login, tlsBasic.reference(RegistryLab.ALPINE));
        ExternalProgram.Result otherCa = fetch(write(new ExportEnvironment("tls", null, null, null,
                List.of(registry.withCaPem(ExportFixtures.testCaPem())))), login, tlsBasic.reference(RegistryLab.ALPINE));

        assertThat(fetched.exitCode()).as(fetched.describe()).isZero();
        assertThat(sha256(fetched.stdout())).isEqualTo(tlsBasic.image(RegistryLab.ALPINE).digest());
        assertThat(otherCa.exitCode()).as("with a CA that did not sign the certificate: " + otherCa.describe()).isNotZero();
        assertThat(otherCa.output()).contains("x509");
    }

    /** Writes the certs.d tree with config_path = the temp folder, as containerd would find it. */
    private Path write(ExportEnvironment env) {
        Path dir = tmp.resolve("certs.d-" + System.nanoTime());
        ExportOptions options = ExportOptions.defaults().toBuilder().containerdCertsDir(dir.toString()).build();
        ExportResult result = new ExportService().render(Format.CONTAINERD_HOSTS, env, options);
        ExportFixtures.write(new ExportResult(result.format(), result.files().stream()
                .filter(f -> f.name().contains("/")).toList(), List.of(), false), dir);
        return dir;
    }

    private ExternalProgram.Result fetch(Path hostsDir, List<String> options, String reference) {
        List<String> args = new ArrayList<>(List.of("content", "fetch-object", "--hosts-dir", hostsDir.toString()));
        args.addAll(options);
        args.add(reference);
        return ExternalProgram.require("ctr", "containerd").masking(RegistryLab.BASIC_USER.password())
                .run(Duration.ofSeconds(120), Map.of(), args);
    }

    /** fetch-object prints the manifest exactly as the registry stores it: its digest is the image digest. */
    private static String sha256(String manifest) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(manifest.getBytes(StandardCharsets.UTF_8)));
    }
}
