package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String HEX = "4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx                              | docker.io       | library/nginx         | latest
            nginx:1.25                         | docker.io       | library/nginx         | 1.25
            library/nginx                      | docker.io       | library/nginx         | latest
            docker.io/nginx                    | docker.io       | library/nginx         | latest
            index.docker.io/nginx:1            | docker.io       | library/nginx         | 1
            index.docker.io/bitnami/redis:7    | docker.io       | bitnami/redis         | 7
            bitnami/redis                      | docker.io       | bitnami/redis         | latest
            ghcr.io/org/team/app:v1.2.3        | ghcr.io         | org/team/app          | v1.2.3
            localhost/app                      | localhost       | app                   | latest
            localhost:5000/app:dev             | localhost:5000  | app                   | dev
            127.0.0.1:5000/a/b                 | 127.0.0.1:5000  | a/b                   | latest
            [::1]:5000/a                       | [::1]:5000      | a                     | latest
            registry.example.com/a_b/c__d/e-f  | registry.example.com | a_b/c__d/e-f     | latest
            my-registry.local:443/x.y/z---w    | my-registry.local:443 | x.y/z---w        | latest
            MyRegistry/app                     | MyRegistry      | app                   | latest
            """)
    void normalisesLikeDocker(String input, String domain, String repository, String tag) {
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.domain()).isEqualTo(domain);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).contains(tag);
        assertThat(ref.digest()).isEmpty();
        assertThat(ref.manifestReference()).isEqualTo(tag);
    }

    @Test
    void dockerHubUsesItsApiHost() {
        assertThat(ImageReference.parse("nginx").registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("index.docker.io/library/nginx").registryHost()).isEqualTo("registry-1.docker.io");
        assertThat(ImageReference.parse("quay.io/a/b").registryHost()).isEqualTo("quay.io");
    }

    @Test
    void digestWinsOverTagAndNoDefaultTagWithDigest() {
        ImageReference both = ImageReference.parse("nginx:1.25@sha256:" + HEX);
        assertThat(both.tag()).contains("1.25");
        assertThat(both.digest()).contains(Digest.parse("sha256:" + HEX));
        assertThat(both.manifestReference()).isEqualTo("sha256:" + HEX);
        assertThat(both).hasToString("docker.io/library/nginx:1.25@sha256:" + HEX);

        ImageReference digestOnly = ImageReference.parse("localhost:5000/app@sha256:" + HEX);
        assertThat(digestOnly.tag()).isEmpty();
        assertThat(digestOnly.manifestReference()).isEqualTo("sha256:" + HEX);
    }

    @Test
    void canonicalFormRoundTrips() {
        ImageReference ref = ImageReference.parse("nginx");
        assertThat(ref).hasToString("docker.io/library/nginx:latest");
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                | empty
            Nginx                             | must be lowercase
            docker.io/Library/nginx           | must be lowercase
            nginx:                            | tag is empty
            nginx:-bad                        | tag "-bad" is not valid
            nginx:.bad                        | tag ".bad" is not valid
            nginx@                            | digest is empty
            nginx@sha256:abc                  | 64 hex characters
            nginx@md5:0123456789abcdef0123456789abcdef | unsupported digest algorithm
            foo//bar                          | empty path component
            foo/bar/                          | empty path component
            foo/-bar                          | path component "-bar"
            foo/bar_                          | path component "bar_"
            https://ghcr.io/a/b               | has no scheme
            localhost:99999/a                 | port "99999"
            ex-.com/a                         | registry host "ex-.com"
            'nginx latest'                    | whitespace
            """)
    void rejectsWithPreciseMessages(String input, String expected) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.INVALID_REFERENCE))
                .hasMessageContaining(expected);
    }

    @Test
    void rejectsImageIdsAsNames() {
        assertThatThrownBy(() -> ImageReference.parse(HEX)).hasMessageContaining("64-character hexadecimal");
    }

    @Test
    void enforcesTheNameLengthLimitOf255() {
        String ok = "r.io/" + "a".repeat(250);
        assertThat(ok).hasSize(255);
        assertThat(ImageReference.parse(ok).repository()).hasSize(250);
        assertThatThrownBy(() -> ImageReference.parse(ok + "b")).hasMessageContaining("256 characters; at most 255");
    }

    @Test
    void tagMayHave128Characters() {
        String tag = "t".repeat(128);
        assertThat(ImageReference.parse("nginx:" + tag).tag()).contains(tag);
        assertThatThrownBy(() -> ImageReference.parse("nginx:" + tag + "x")).hasMessageContaining("at most 128");
    }

    @Test
    void withDigestPinsTheReference() {
        ImageReference pinned = ImageReference.parse("ghcr.io/a/b:1").withDigest(Digest.parse("sha256:" + HEX));
        assertThat(pinned.manifestReference()).isEqualTo("sha256:" + HEX);
        assertThat(pinned.tag()).contains("1");
    }
}
