package io.registryconsole.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes and recognises API tokens: {@code rc_} followed by 43 base62 characters (256 random bits).
 * The fixed prefix lets secret scanners and people recognise a console token.
 */
final class ApiTokens {

    static final String PREFIX = "rc_";
    /** Characters of the token kept in clear to identify it: "rc_" and the first 8 random ones. */
    static final int VISIBLE_LENGTH = PREFIX.length() + 8;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 43 uniform base62 characters carry 43 * log2(62) = 256 bits. */
    private static final int RANDOM_LENGTH = 43;
    private static final Pattern FORMAT = Pattern.compile("rc_[0-9A-Za-z]{" + RANDOM_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    /** A new token with what may be stored about it. The token itself must be shown once and dropped. */
    static NewToken generate() {
        StringBuilder token = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String value = token.toString();
        return new NewToken(value, hash(value), value.substring(0, VISIBLE_LENGTH));
    }

    /** Cheap shape check, so garbage never reaches the database. */
    static boolean looksLikeToken(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    /**
     * SHA-256, hex. A fast unsalted hash is right here (unlike for passwords): the input has 256 random
     * bits, so there is nothing to brute-force, and it lets a request find its token with one indexed lookup.
     */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    record NewToken(String value, String hash, String visiblePrefix) {
        @Override
        public String toString() {
            return "NewToken[prefix=" + visiblePrefix + "]";
        }
    }
}
