package io.registryconsole.distribution;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:4f5a...}. Only algorithms the OCI image spec registers are accepted
 * (sha256, sha512, plus sha384 which go-digest also knows), with lowercase hex of the right length.
 */
public record Digest(String algorithm, String hex) {

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int expected = hexLength(algorithm);
        if (expected < 0) {
            throw new IllegalArgumentException("unsupported digest algorithm \"" + algorithm + "\" (supported: sha256, sha384, sha512)");
        }
        if (hex.length() != expected) {
            throw new IllegalArgumentException(algorithm + " digest must have " + expected + " hex characters, got " + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("digest hex must be lowercase 0-9a-f; found '" + c + "' at position " + i);
            }
        }
    }

    /** Parses {@code algorithm:hex}; the message of the IllegalArgumentException says exactly what is wrong. */
    public static Digest parse(String value) {
        Objects.requireNonNull(value, "digest");
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("digest \"" + abbreviate(value) + "\" must look like sha256:<64 hex characters>");
        }
        String algorithm = value.substring(0, colon);
        if (!ALGORITHM.matcher(algorithm).matches()) {
            throw new IllegalArgumentException("digest algorithm \"" + abbreviate(algorithm) + "\" is not valid");
        }
        return new Digest(algorithm, value.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return of("sha256", content);
    }

    static Digest of(String algorithm, byte[] content) {
        MessageDigest md = newMessageDigest(algorithm);
        return new Digest(algorithm, HEX.formatHex(md.digest(content)));
    }

    /** A fresh MessageDigest for this digest's algorithm, for verifying streamed content. */
    MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    static MessageDigest newMessageDigest(String algorithm) {
        String jca = switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        };
        try {
            return MessageDigest.getInstance(jca);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " missing from the JVM", e);
        }
    }

    /** The digest a finished MessageDigest computed, in this digest's algorithm. */
    Digest withValue(byte[] computed) {
        return new Digest(algorithm, HEX.formatHex(computed));
    }

    /** Whether {@code content} hashes to this digest. */
    public boolean matches(byte[] content) {
        return of(algorithm, content).equals(this);
    }

    /** Whether {@code content} (from position to limit; position is left unchanged) hashes to this digest. */
    public boolean matches(ByteBuffer content) {
        MessageDigest md = newMessageDigest();
        md.update(content.duplicate());
        return withValue(md.digest()).equals(this);
    }

    private static int hexLength(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    @Override
    public String toString() {
        return algorithm + ':' + hex;
    }
}
