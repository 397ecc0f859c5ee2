package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Proof of the skopeo push lines: run as the generated shell script (with the password in the environment variable
 * the script names, and the CA files of the registries-conf export), they put the image into both lab registries
 * (plain HTTP and TLS + Basic) with the same digest.
 */
@ExtendWith(RegistryLab.Extension.class)
class PushLinesLabTest {

    @TempDir
    Path tmp;

    @Test
    void skopeoLinesCopyAnImageToEveryPrimaryWithTheSameDigest(@Use(Variant.ANONYMOUS) LabRegistry anonymous,
                                                                @Use(Variant.TLS_BASIC) LabRegistry tlsBasic) throws Exception {
        ExportBinding first = LabEnvironments.primary("lab-anonymous", anonymous);
        ExportBinding second = LabEnvironments.primary("lab-tls", tlsBasic).withPriority(1);
        ExportEnvironment env = new ExportEnvironment("push", null, null, null, List.of(first, second));
        ExportOptions options = ExportOptions.defaults().toBuilder()
                .containersCertsDir(tmp.resolve("conf").resolve("certs.d").toString()).build();
        ExportFixtures.write(new ExportService().render(Format.REGISTRIES_CONF, env, options), tmp.resolve("conf"));
        String expected = anonymous.image(RegistryLab.MULTI_ARCH).digest();

        // CI built the image into an OCI layout: the lines copy it to both registries
        Path layout = tmp.resolve("layout");
        Programs.Result export = RegistryLab.get().skopeo().run(List.of("copy", "--all", "--preserve-digests",
                "--src-tls-verify=false", anonymous.dockerReference(RegistryLab.MULTI_ARCH), "oci:" + layout + ":app"));
        assertThat(export.ok()).as(export.describe()).isTrue();
        String tag = "1." + UUID.randomUUID().toString().substring(0, 8);
        PushLines.Result fromLayout = new ExportService().pushLines(env, "rc-push/app:" + tag, "oci:" + layout + ":app",
                options);
        run(fromLayout.skopeo(), second, tlsBasic);

        assertThat(digest(anonymous, "rc-push/app:" + tag)).isEqualTo(expected);
        assertThat(digest(tlsBasic, "rc-push/app:" + tag)).isEqualTo(expected);

        // without a source: pushed to the first registry already, copied from there to the others
        String next = tag + "-b";
        Programs.Result seed = RegistryLab.get().skopeo().run(List.of("copy", "--all", "--preserve-digests",
                "--src-tls-verify=false", "--dest-tls-verify=false", anonymous.dockerReference(RegistryLab.MULTI_ARCH),
                anonymous.dockerReference("rc-push/app:" + next)));
        assertThat(seed.ok()).as(seed.describe()).isTrue();
        PushLines.Result fromFirst = new ExportService().pushLines(env, "rc-push/app:" + next, null, options);
        assertThat(fromFirst.skopeo().lines().filter(l -> l.startsWith("skopeo copy"))).hasSize(1);
        run(fromFirst.skopeo(), second, tlsBasic);

        assertThat(digest(tlsBasic, "rc-push/app:" + next)).isEqualTo(expected);
    }

    private void run(String script, ExportBinding withLogin, LabRegistry registry) throws Exception {
        String password = registry.credentials().orElseThrow().password();
        assertThat(script).doesNotContain(password);
        Path file = Files.writeString(tmp.resolve("push-" + UUID.randomUUID() + ".sh"), script);
        ExternalProgram.require("skopeo", "skopeo");
        ExternalProgram.Result result = ExternalProgram.require("sh", "dash").masking(password)
                .run(Duration.ofMinutes(3), Map.of(PushLines.variable(withLogin), password), List.of(file.toString()));
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    private static String digest(LabRegistry registry, String repoTag) {
        return Formats.JSON.readTree(RegistryLab.get().skopeo().inspect(registry, repoTag)).path("Digest").asString();
    }
}
