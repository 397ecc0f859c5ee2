package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof by containerd (Debian's package, 1.x): {@code containerd --config FILE config dump} loads the generated
 * config_path snippet without starting a daemon and shows the values in effect. (The 2.x snippet is read back
 * in {@link RenderersTest}; no containerd 2 is packaged here.)
 */
class ContainerdConfigProgramTest {

    @TempDir
    Path tmp;

    @Test
    void containerdLoadsTheConfigPathSnippet() {
        ExportOptions options = ExportOptions.defaults().toBuilder().containerdCertsDir(tmp.resolve("certs.d").toString()).build();
        ExportResult result = new ExportService().render(Format.CONTAINERD_HOSTS, ExportFixtures.sample(), options);
        ExportFixtures.write(result, tmp);

        ExternalProgram.Result dump = ExternalProgram.require("containerd", "containerd").run(Duration.ofSeconds(60),
                "--config", tmp.resolve("containerd-1.x-config.toml").toString(), "config", "dump");

        assertThat(dump.exitCode()).as(dump.describe()).isZero();
        assertThat(dump.stdout()).contains("config_path = \"" + tmp.resolve("certs.d") + "\"")
                .contains("max_concurrent_downloads = 3");
        assertThat(dump.stderr()).as("no deprecation of the config version").doesNotContain("deprecated");
    }
}
