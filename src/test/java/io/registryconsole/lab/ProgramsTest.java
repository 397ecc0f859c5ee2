package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Missing programs are named with their Debian package; secrets stay out of messages. */
class ProgramsTest {

    @Test
    void missingProgramNamesTheDebianPackage() {
        assertThatThrownBy(() -> Programs.require("registry-lab-no-such-program", "some-debian-package"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("install Debian's some-debian-package");
    }

    @Test
    void labProgramsAreInstalled() {
        assertThat(Programs.require("docker-registry", "docker-registry")).isExecutable();
        assertThat(Programs.require("skopeo", "skopeo")).isExecutable();
    }

    @Test
    void failedCommandDescriptionHidesPasswords() {
        Programs.Result result = Programs.run(List.of("/bin/sh", "-c", "echo oops >&2; exit 3", "sh", "--src-creds",
            "alice:secret-password"), Map.of(), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.describe()).contains("exited with 3", "oops", "alice:***").doesNotContain("secret-password");
        assertThatThrownBy(result::stdoutOrThrow).hasMessageNotContaining("secret-password");
    }

    @Test
    void credentialsToStringHidesThePassword() {
        assertThat(RegistryLab.TOKEN_ADMIN.toString()).contains("alice").doesNotContain("alice-password");
    }
}
