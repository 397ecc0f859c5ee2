package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Proof by skopeo (Debian's 1.9, which ignores CONTAINERS_REGISTRIES_CONF, hence {@code --registries-conf}):
 * an image of an upstream that does not answer is pulled through the generated mirrors, in their order, with
 * the CA files and the login of the other exports.
 */
@ExtendWith(RegistryLab.Extension.class)
class RegistriesConfLabTest {

    @TempDir
    Path tmp;

    @Test
    void skopeoPullsThroughTheMirrorsInOrder(@Use(Variant.ANONYMOUS) LabRegistry anonymous) throws IOException {
        String upstream = LabEnvironments.deadHost();
        ExportEnvironment env = new ExportEnvironment("mirrors", null, null, null, List.of(
                ExportBinding.mirror("dead", "http://" + LabEnvironments.deadHost(), upstream, 1),
                LabEnvironments.mirror("anonymous", anonymous, upstream, 2)));
        Path conf = write(env, ExportOptions.defaults());
        String expected = anonymous.image(RegistryLab.ALPINE).digest();

        ExternalProgram.Result withMirrors = inspect(conf, List.of(), "docker://" + upstream + "/" + RegistryLab.ALPINE);
        ExternalProgram.Result without = inspect(Files.writeString(tmp.resolve("empty.conf"), ""), List.of(),
                "docker://" + upstream + "/" + RegistryLab.ALPINE);

        assertThat(withMirrors.exitCode()).as(withMirrors.describe()).isZero();
        assertThat(Formats.JSON.readTree(withMirrors.stdout()).path("Digest").asString()).isEqualTo(expected);
        assertThat(without.exitCode()).as("the upstream itself does not answer: " + without.describe()).isNotZero();
    }

    @Test
    void skopeoPullsThroughATlsMirrorWithItsCaAndLogin(@Use(Variant.TLS_BASIC) LabRegistry tlsBasic) {
        String upstream = LabEnvironments.deadHost();
        ExportEnvironment env = new ExportEnvironment("tls", null, null, null, List.of(
                LabEnvironments.mirror("tls-basic", tlsBasic, upstream, 1)));
        ExportOptions options = ExportOptions.defaults().toBuilder()
                .containersCertsDir(tmp.resolve("conf").resolve("certs.d").toString()).build();
        Path conf = write(env, options);
        Path auth = ExportFixtures.write(new ExportService().render(Format.DOCKER_CONFIG, env, options), tmp.resolve("auth"))
                .resolve("config.json");

        ExternalProgram.Result run = inspect(conf, List.of("--cert-dir", tmp.resolve("conf").resolve("certs.d").resolve(tlsBasic.hostPort()).toString(),
                "--authfile", auth.toString()), "docker://" + upstream + "/" + RegistryLab.ALPINE);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Formats.JSON.readTree(run.stdout()).path("Digest").asString())
                .isEqualTo(tlsBasic.image(RegistryLab.ALPINE).digest());
    }

    @Test
    void skopeoPullsThroughAMirrorWithARepositoryPrefix(@Use(Variant.ANONYMOUS) LabRegistry anonymous) {
        String upstream = LabEnvironments.deadHost();
        // the mirror keeps the upstream's repositories below "library/" (as a Harbor proxy-cache project does)
        ExportEnvironment env = new ExportEnvironment("prefix", null, null, null, List.of(
                ExportBinding.mirror("project", anonymous.baseUrl() + "/library", upstream, 1)));
        Path conf = write(env, ExportOptions.defaults());

        ExternalProgram.Result run = inspect(conf, List.of(), "docker://" + upstream + "/alpine-test:3.19");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(Formats.JSON.readTree(run.stdout()).path("Digest").asString())
                .isEqualTo(anonymous.image(RegistryLab.ALPINE).digest());
    }

    /** Writes registries.conf and its certs.d/ folder (where {@code options} say the CA files are) into conf/. */
    private Path write(ExportEnvironment env, ExportOptions options) {
        ExportFixtures.write(new ExportService().render(Format.REGISTRIES_CONF, env, options), tmp.resolve("conf"));
        return tmp.resolve("conf").resolve("registries.conf");
    }

    /** {@code --no-tags}: listing tags asks the upstream itself, not its mirrors. */
    private ExternalProgram.Result inspect(Path conf, List<String> options, String reference) {
        List<String> args = new ArrayList<>(List.of("--registries-conf", conf.toString(), "inspect", "--no-tags"));
        args.addAll(options);
        args.add(reference);
        return ExternalProgram.require("skopeo", "skopeo").masking(RegistryLab.BASIC_USER.password())
                .run(Duration.ofSeconds(120), java.util.Map.of(), args);
    }
}
