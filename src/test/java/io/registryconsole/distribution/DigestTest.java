package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DigestTest {

    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    // sha256("hello") and sha512("hello"), as printed by sha256sum / sha512sum
    private static final String HELLO_256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private static final String HELLO_512 = "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
            + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043";

    @Test
    void computesAndVerifiesSha256() {
        Digest d = Digest.sha256(HELLO);
        assertThat(d).hasToString("sha256:" + HELLO_256);
        assertThat(d.matches(HELLO)).isTrue();
        assertThat(d.matches("hellO".getBytes(StandardCharsets.US_ASCII))).isFalse();
        ByteBuffer buffer = ByteBuffer.wrap(HELLO);
        assertThat(d.matches(buffer)).isTrue();
        assertThat(buffer.position()).isZero();
    }

    @Test
    void verifiesSha512() {
        Digest d = Digest.parse("sha512:" + HELLO_512);
        assertThat(d.matches(HELLO)).isTrue();
        assertThat(d.algorithm()).isEqualTo("sha512");
    }

    @Test
    void rejectsMalformedDigests() {
        assertThatThrownBy(() -> Digest.parse("sha256")).hasMessageContaining("must look like sha256:");
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256.toUpperCase())).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256 + "0")).hasMessageContaining("64 hex characters, got 65");
        assertThatThrownBy(() -> Digest.parse("sha512:" + HELLO_256)).hasMessageContaining("128 hex characters");
        assertThatThrownBy(() -> Digest.parse("md5:" + HELLO_256.substring(0, 32))).hasMessageContaining("unsupported digest algorithm");
        assertThatThrownBy(() -> Digest.parse("SHA256:" + HELLO_256)).hasMessageContaining("is not valid");
    }

    @Test
    void equalsByValue() {
        assertThat(Digest.parse("sha256:" + HELLO_256)).isEqualTo(Digest.sha256(HELLO));
    }
}
