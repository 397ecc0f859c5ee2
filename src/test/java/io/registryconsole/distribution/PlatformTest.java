package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            linux/amd64,       linux/amd64
            linux/x86_64,      linux/amd64
            Linux/X86-64,      linux/amd64
            linux/amd64/v1,    linux/amd64
            linux/amd64/v3,    linux/amd64/v3
            linux/aarch64,     linux/arm64
            linux/arm64/v8,    linux/arm64
            linux/arm64/8,     linux/arm64
            linux/arm64/v9,    linux/arm64/v9
            linux/arm,         linux/arm/v7
            linux/arm/7,       linux/arm/v7
            linux/arm/v6,      linux/arm/v6
            linux/armhf,       linux/arm/v7
            linux/armel,       linux/arm/v6
            linux/i386,        linux/386
            windows/amd64,     windows/amd64
            """)
    void normalisesLikeContainerd(String input, String expected) {
        assertThat(Platform.parse(input)).hasToString(expected);
        assertThat(Platform.parse(input)).isEqualTo(Platform.parse(expected));
    }

    @Test
    void arm64V8IsTheSameAsArm64() {
        assertThat(Platform.parse("linux/arm64").matches(new Platform("linux", "arm64", "v8"))).isTrue();
        assertThat(Platform.parse("linux/arm64/v8").matches(new Platform("linux", "aarch64", ""))).isTrue();
        assertThat(Platform.parse("linux/arm64").matches(Platform.parse("linux/amd64"))).isFalse();
        assertThat(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64"))).isFalse();
    }

    @Test
    void olderArmVariantsAreCompatibleButExactWins() {
        Platform v7 = Platform.parse("linux/arm/v7");
        assertThat(v7.isCompatible(Platform.parse("linux/arm/v6"))).isTrue();
        assertThat(v7.isCompatible(Platform.parse("linux/arm/v8"))).isFalse();
        assertThat(Platform.parse("linux/arm/v6").isCompatible(v7)).isFalse();
        assertThat(Platform.parse("linux/arm64").isCompatible(v7)).isFalse();

        Descriptor v5 = entry("linux/arm/v5");
        Descriptor v6 = entry("linux/arm/v6");
        Descriptor exact = entry("linux/arm/v7");
        var index = new ManifestDocument.Index(MediaTypes.OCI_INDEX, List.of(v5, v6, exact));
        assertThat(ManifestResolver.choose(index, v7, "x", List.of())).isSameAs(exact);
        var noExact = new ManifestDocument.Index(MediaTypes.OCI_INDEX, List.of(v5, v6));
        assertThat(ManifestResolver.choose(noExact, v7, "x", List.of())).isSameAs(v6);
    }

    @Test
    void amd64LevelsRunTheBaseline() {
        assertThat(Platform.parse("linux/amd64/v3").isCompatible(Platform.parse("linux/amd64"))).isTrue();
        assertThat(Platform.parse("linux/amd64").isCompatible(Platform.parse("linux/amd64/v3"))).isFalse();
    }

    @Test
    void reportsMissingPlatformWithWhatIsOffered() {
        var index = new ManifestDocument.Index(MediaTypes.OCI_INDEX, List.of(entry("linux/amd64"), entry("linux/arm64/v8")));
        assertThatThrownBy(() -> ManifestResolver.choose(index, Platform.parse("linux/s390x"), "app:1",
                List.of(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"))))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.PLATFORM_NOT_FOUND))
                .hasMessageContaining("no image for linux/s390x; it offers linux/amd64, linux/arm64");
    }

    @Test
    void rejectsMalformedPlatforms() {
        assertThatThrownBy(() -> Platform.parse("linux")).hasMessageContaining("os/architecture");
        assertThatThrownBy(() -> Platform.parse("linux//v7")).hasMessageContaining("empty or invalid part");
        assertThatThrownBy(() -> Platform.parse("a/b/c/d")).hasMessageContaining("os/architecture");
        assertThatThrownBy(() -> Platform.parse(" ")).hasMessageContaining("empty");
    }

    private static Descriptor entry(String platform) {
        return new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(platform.getBytes()), 100, Optional.of(Platform.parse(platform)), List.of());
    }
}
