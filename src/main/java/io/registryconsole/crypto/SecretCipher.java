package io.registryconsole.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets (registry passwords, tokens) for storage with AES-256-GCM.
 *
 * <p>Stored form: {@code v1:<key id>:<base64(12-byte nonce | ciphertext | 16-byte tag)>}. The version prefix leaves
 * room for another scheme later; the key id picks the decryption key, so values written under a previous key stay
 * readable until they are re-encrypted. The prefix is authenticated as associated data.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final EncryptionKey current;
    private final Map<String, EncryptionKey> byId = new LinkedHashMap<>();

    SecretCipher(EncryptionKey current, List<EncryptionKey> previous) {
        this.current = current;
        byId.put(current.id(), current);
        previous.forEach(key -> byId.putIfAbsent(key.id(), key));
    }

    public String currentKeyId() {
        return current.id();
    }

    public String encrypt(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String header = VERSION + ":" + current.id();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return header + ":" + Base64.getEncoder().withoutPadding().encodeToString(out);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public String decrypt(String stored) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SecretDecryptionException("the stored secret is not in a format this console writes");
        }
        EncryptionKey key = byId.get(parts[1]);
        if (key == null) {
            throw new SecretDecryptionException("the stored secret was encrypted with key " + parts[1]
                + ", which is not configured; add that key to console.encryption.previous-keys or enter the secret again");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretDecryptionException("the stored secret is truncated");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD((parts[0] + ":" + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException | AEADBadTagException e) {
            throw new SecretDecryptionException("the stored secret is damaged: it does not authenticate under key " + key.id());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** True when the value was written under the current key; false means it should be re-encrypted. */
    public boolean isUnderCurrentKey(String stored) {
        return stored.startsWith(VERSION + ":" + current.id() + ":");
    }

    /** Decrypts with whichever configured key wrote the value and encrypts again under the current key. */
    public String reencrypt(String stored) {
        return encrypt(decrypt(stored));
    }

    @Override
    public String toString() {
        return "SecretCipher[current=" + current.id() + ", known=" + byId.keySet() + "]";
    }
}
