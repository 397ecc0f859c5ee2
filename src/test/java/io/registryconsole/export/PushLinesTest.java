package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI lines: one tag/push per PRIMARY registry, skopeo copies, valid shell, no secret in them. */
class PushLinesTest {

    private final ExportService service = new ExportService();

    @TempDir
    Path tmp;

    @Test
    void dockerLinesTagAndPushToEveryPrimary() {
        PushLines.Result r = service.pushLines(ExportFixtures.sample(), "team/app:1.0", null, ExportOptions.defaults());

        assertThat(r.targets()).containsExactly("harbor.example.com/team/app:1.0", "build.example.com:5000/team/app:1.0",
                "docker.io/team/app:1.0");
        assertThat(r.docker()).contains("docker tag team/app:1.0 harbor.example.com/team/app:1.0\n"
                + "docker push harbor.example.com/team/app:1.0\n")
                .contains("printf '%s' \"$RC_HARBOR_PROD_PASSWORD\" | docker login --username 'robot$ci' --password-stdin"
                        + " harbor.example.com\n")
                .contains("# build.example.com:5000 must be in dockerd's insecure-registries");
        assertThat(r.warnings()).anyMatch(w -> w.startsWith("mirror hub-mirror of docker.io skipped"));
        assertThat(r.docker() + r.skopeo()).doesNotContain(ExportFixtures.PASSWORD).doesNotContain(ExportFixtures.HUB_PASSWORD);
    }

    @Test
    void skopeoLinesCopyFromTheFirstPrimaryOrAGivenSource() {
        PushLines.Result fromFirst = service.pushLines(ExportFixtures.sample(), "team/app:1.0", null, ExportOptions.defaults());
        PushLines.Result fromArchive = service.pushLines(ExportFixtures.sample(), "team/app:1.0", "oci-archive:app.tar",
                ExportOptions.defaults());

        assertThat(fromFirst.skopeo()).contains("skopeo copy --all --src-cert-dir /etc/containers/certs.d/harbor.example.com"
                + " --src-creds 'robot$ci:'\"$RC_HARBOR_PROD_PASSWORD\" --dest-tls-verify=false"
                + " docker://harbor.example.com/team/app:1.0 docker://build.example.com:5000/team/app:1.0\n");
        assertThat(fromArchive.skopeo().lines().filter(l -> l.startsWith("skopeo copy"))).hasSize(3)
                .allMatch(l -> l.contains(" oci-archive:app.tar docker://"));
    }

    @Test
    void theScriptsAreValidShell() throws Exception {
        PushLines.Result r = service.pushLines(ExportFixtures.sample(), "team/app:1.0", null, ExportOptions.defaults());
        ExternalProgram sh = ExternalProgram.require("sh", "dash");
        for (String script : new String[] {r.docker(), r.skopeo()}) {
            Path file = Files.writeString(tmp.resolve("push.sh"), script);
            ExternalProgram.Result check = sh.run(Duration.ofSeconds(30), "-n", file.toString());
            assertThat(check.exitCode()).as(check.describe()).isZero();
        }
    }

    @Test
    void badImagesAreRefused() {
        assertThatThrownBy(() -> service.pushLines(ExportFixtures.sample(), "Team/App:1.0", null, ExportOptions.defaults()))
                .isInstanceOf(InvalidExportOptionException.class).hasMessageContaining("image");
        assertThatThrownBy(() -> service.pushLines(ExportFixtures.sample(), "team/app@sha256:abc", null, ExportOptions.defaults()))
                .hasMessageContaining("digests cannot be pushed to");
        assertThatThrownBy(() -> service.pushLines(ExportFixtures.sample(), "app:1; rm -rf /", null, ExportOptions.defaults()))
                .isInstanceOf(InvalidExportOptionException.class);
    }
}
