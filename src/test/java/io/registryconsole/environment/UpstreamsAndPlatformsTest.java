package io.registryconsole.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamsAndPlatformsTest {

    @ParameterizedTest
    @CsvSource({"docker.io, docker.io", "index.docker.io, docker.io", "registry-1.docker.io, docker.io",
        "GHCR.io, ghcr.io", "registry.local:5000, registry.local:5000", "'[::1]:5000', '[::1]:5000'"})
    void upstreamsAreSpelledAsImageNamesSpellThem(String input, String expected) {
        assertThat(Upstreams.normalize(input)).isEqualTo(expected);
    }

    @Test
    void upstreamMistakesGetPreciseMessages() {
        assertThatThrownBy(() -> Upstreams.normalize("https://docker.io")).hasMessageContaining("without scheme");
        assertThatThrownBy(() -> Upstreams.normalize("docker.io/library")).hasMessageContaining("no path");
        assertThatThrownBy(() -> Upstreams.normalize("docker io")).hasMessageContaining("host name");
    }

    @Test
    void aMirrorOfItselfIsRecognized() {
        assertThat(Upstreams.isSameAs("docker.io", "https://registry-1.docker.io")).isTrue();
        assertThat(Upstreams.isSameAs("harbor.local:8443", "https://harbor.local:8443")).isTrue();
        assertThat(Upstreams.isSameAs("docker.io", "https://harbor.local")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/amd64", "linux/arm64", "linux/arm/v7", "linux/arm64/v8", "windows/amd64", "linux/s390x"})
    void acceptsOciPlatforms(String platform) {
        assertThat(Platforms.problemWith(platform)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"linux, os/architecture", "Linux/AMD64, os/architecture", "linux/x86_64, unknown architecture",
        "linx/amd64, unknown os", "linux/amd64/, os/architecture"})
    void rejectsOthersWithWhatIsAllowed(String platform, String message) {
        assertThat(Platforms.problemWith(platform)).contains(message);
    }
}
