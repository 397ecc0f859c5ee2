package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import tools.jackson.databind.JsonNode;

/**
 * Proof by the Docker CLI (whichever {@code docker} is on PATH: Debian's docker.io 20.10 or a newer one;
 * {@code docker manifest inspect} needs no daemon): with {@code --config DIR} holding the generated config.json
 * it logs in to the lab's TLS + Basic registry; without it the registry refuses.
 */
@ExtendWith(RegistryLab.Extension.class)
class DockerConfigJsonLabTest {

    @TempDir
    Path tmp;

    @Test
    void dockerCliAuthenticatesWithTheGeneratedConfigJson(@Use(Variant.TLS_BASIC) LabRegistry tlsBasic) {
        ExportEnvironment env = new ExportEnvironment("ci", null, null, null, List.of(
                LabEnvironments.primary("tls-basic", tlsBasic)));
        Path config = ExportFixtures.write(new ExportService().render(Format.DOCKER_CONFIG, env, ExportOptions.defaults()),
                tmp.resolve("config"));
        // a Docker schema2 image: docker 20.10's manifest inspect does not read OCI manifests
        String reference = tlsBasic.reference(RegistryLab.SCHEMA2);

        ExternalProgram.Result withLogin = docker(config, reference);
        ExternalProgram.Result withoutLogin = docker(ExportFixtures.readableDir(tmp.resolve("empty")), reference);

        assertThat(withLogin.exitCode()).as(withLogin.describe()).isZero();
        JsonNode manifest = Formats.JSON.readTree(withLogin.stdout());
        assertThat(manifest.path("config").path("digest").asString())
                .isEqualTo(tlsBasic.image(RegistryLab.SCHEMA2).single().config().digest());
        assertThat(withoutLogin.exitCode()).as(withoutLogin.describe()).isNotZero();
        assertThat(withoutLogin.output()).containsIgnoringCase("auth");
    }

    /** {@code --insecure}: the CLI would read the CA from /etc/docker/certs.d, which a test must not touch. */
    private ExternalProgram.Result docker(Path configDir, String reference) {
        return ExternalProgram.require("docker", "docker.io").masking(RegistryLab.BASIC_USER.password())
                .run(Duration.ofSeconds(120), "--config", configDir.toString(), "manifest", "inspect", "--insecure", reference);
    }
}
