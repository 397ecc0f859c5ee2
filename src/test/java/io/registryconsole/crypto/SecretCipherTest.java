package io.registryconsole.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static EncryptionKey randomKey() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        return EncryptionKey.of(material);
    }

    private final EncryptionKey keyA = randomKey();
    private final EncryptionKey keyB = randomKey();

    @Test
    void encryptsToVersionedCiphertextThatDecryptsBack() {
        SecretCipher cipher = new SecretCipher(keyA, List.of());

        String stored = cipher.encrypt("robot-password-ü-€");

        assertThat(stored).startsWith("v1:" + keyA.id() + ":").doesNotContain("robot-password");
        assertThat(cipher.decrypt(stored)).isEqualTo("robot-password-ü-€");
        assertThat(cipher.isUnderCurrentKey(stored)).isTrue();
    }

    @Test
    void usesAFreshNonceForEveryValue() {
        SecretCipher cipher = new SecretCipher(keyA, List.of());

        String first = cipher.encrypt("same");
        String second = cipher.encrypt("same");

        assertThat(first).isNotEqualTo(second);
        byte[] nonceOne = java.util.Arrays.copyOf(Base64.getDecoder().decode(first.split(":")[2]), 12);
        byte[] nonceTwo = java.util.Arrays.copyOf(Base64.getDecoder().decode(second.split(":")[2]), 12);
        assertThat(nonceOne).isNotEqualTo(nonceTwo);
    }

    @Test
    void refusesTamperedCiphertextWithoutShowingIt() {
        SecretCipher cipher = new SecretCipher(keyA, List.of());
        String stored = cipher.encrypt("hunter2");
        byte[] raw = Base64.getDecoder().decode(stored.split(":")[2]);
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + keyA.id() + ":" + Base64.getEncoder().withoutPadding().encodeToString(raw);

        assertThatThrownBy(() -> cipher.decrypt(tampered))
            .isInstanceOf(SecretDecryptionException.class)
            .hasMessageContaining("damaged")
            .hasMessageNotContaining("hunter2");
    }

    @Test
    void theKeyIdIsAuthenticated() {
        SecretCipher cipher = new SecretCipher(keyA, List.of(keyB));
        String stored = cipher.encrypt("hunter2");
        String relabelled = stored.replace(keyA.id(), keyB.id());

        assertThatThrownBy(() -> cipher.decrypt(relabelled)).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void previousKeysDecryptOldValuesAndReencryptionMovesThemToTheCurrentKey() {
        String old = new SecretCipher(keyA, List.of()).encrypt("token-123");
        SecretCipher rotated = new SecretCipher(keyB, List.of(keyA));

        assertThat(rotated.isUnderCurrentKey(old)).isFalse();
        assertThat(rotated.decrypt(old)).isEqualTo("token-123");

        String moved = rotated.reencrypt(old);
        assertThat(moved).startsWith("v1:" + keyB.id() + ":");
        assertThat(new SecretCipher(keyB, List.of()).decrypt(moved)).isEqualTo("token-123");
    }

    @Test
    void aValueUnderAnUnknownKeyNamesTheKeyIdAndWhatToDo() {
        String old = new SecretCipher(keyA, List.of()).encrypt("token-123");

        assertThatThrownBy(() -> new SecretCipher(keyB, List.of()).decrypt(old))
            .isInstanceOf(SecretDecryptionException.class)
            .hasMessageContaining(keyA.id())
            .hasMessageContaining("console.encryption.previous-keys");
    }

    @Test
    void rejectsKeysOfTheWrongSizeWithoutRepeatingThem() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> EncryptionKey.fromBase64(shortKey, "CONSOLE_ENCRYPTION_KEY"))
            .hasMessageContaining("32 bytes").hasMessageContaining("16 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> EncryptionKey.fromBase64("not base64 !!", "CONSOLE_ENCRYPTION_KEY"))
            .hasMessageContaining("not valid base64").hasMessageNotContaining("not base64 !!");
    }

    @Test
    void toStringsShowKeyIdsOnly() {
        SecretCipher cipher = new SecretCipher(keyA, List.of(keyB));

        assertThat(cipher.toString()).contains(keyA.id(), keyB.id());
        assertThat(new EncryptionProperties("c2VjcmV0", List.of("b2xk"), null).toString())
            .doesNotContain("c2VjcmV0").doesNotContain("b2xk");
    }
}
