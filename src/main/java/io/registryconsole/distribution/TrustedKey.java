package io.registryconsole.distribution;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A public key signatures are verified with: ECDSA (P-256, as cosign generates; P-384/P-521 accepted) or RSA of at
 * least 2048 bits, read from a PEM {@code PUBLIC KEY} block (the SubjectPublicKeyInfo cosign.pub and
 * {@code openssl pkey -pubout} write).
 *
 * @param fingerprint {@code sha256:<hex>} of the DER SubjectPublicKeyInfo: {@code openssl pkey -pubin -outform DER | sha256sum}
 * @param algorithm   {@code ECDSA P-256}, {@code RSA 2048}, ...
 */
public record TrustedKey(PublicKey key, String fingerprint, String algorithm) {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    /**
     * @throws IllegalArgumentException saying what is wrong with the PEM, fit to show beside a form field
     */
    public static TrustedKey parsePem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the public key is empty");
        }
        String text = pem.strip();
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(text.contains("PRIVATE KEY") ? "this is a private key; paste the public key "
                    + "(-----BEGIN PUBLIC KEY-----, e.g. cosign.pub)" : "not a PEM public key: expected -----BEGIN PUBLIC KEY----- ... "
                    + "-----END PUBLIC KEY----- (cosign.pub, or openssl pkey -pubout)");
        }
        if (text.indexOf(BEGIN, begin + 1) >= 0) {
            throw new IllegalArgumentException("one public key per entry, this one holds several");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(text.substring(begin + BEGIN.length(), end).replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
        PublicKey key = decode(der);
        return new TrustedKey(key, fingerprint(key), describe(key));
    }

    private static PublicKey decode(byte[] der) {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof ECPublicKey ec) {
                    int bits = ec.getParams().getCurve().getField().getFieldSize();
                    if (bits != 256 && bits != 384 && bits != 521) {
                        throw new IllegalArgumentException("ECDSA keys must be on P-256 (or P-384, P-521), this one has " + bits + " bits");
                    }
                } else if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("RSA keys must have at least 2048 bits, this one has " + rsa.getModulus().bitLength());
                }
                return key;
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("the key is neither ECDSA nor RSA (Ed25519 and others are not supported)");
    }

    static String fingerprint(PublicKey key) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "ECDSA P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return "RSA " + ((RSAPublicKey) key).getModulus().bitLength();
    }

    @Override
    public String toString() {
        return algorithm + " " + fingerprint;
    }
}
