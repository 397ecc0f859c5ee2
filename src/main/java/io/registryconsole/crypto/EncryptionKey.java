package io.registryconsole.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** An AES-256 key and the short id written beside every value it encrypts, so the right key is found after rotation. */
final class EncryptionKey {

    static final int LENGTH_BYTES = 32;

    private final String id;
    private final SecretKey key;

    private EncryptionKey(byte[] material) {
        this.id = idOf(material);
        this.key = new SecretKeySpec(material, "AES");
        Arrays.fill(material, (byte) 0);
    }

    /**
     * @param source names where the value came from, for the error message (the value itself is never repeated)
     */
    static EncryptionKey fromBase64(String base64, String source) {
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64.strip());
        }
        catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(source + " is not valid base64; generate a key with: openssl rand -base64 32");
        }
        if (material.length != LENGTH_BYTES) {
            throw new IllegalStateException(source + " must be base64 of exactly 32 bytes (AES-256), it decodes to "
                + material.length + " bytes; generate one with: openssl rand -base64 32");
        }
        return new EncryptionKey(material);
    }

    static EncryptionKey of(byte[] material) {
        return new EncryptionKey(material.clone());
    }

    String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    /** 8 bytes of a domain-separated SHA-256: enough to tell keys apart, useless for guessing one. */
    private static String idOf(byte[] material) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("registry-console key id\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(material), 0, 8);
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", impossible);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKey[id=" + id + "]";
    }
}
