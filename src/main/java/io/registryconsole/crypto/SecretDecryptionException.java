package io.registryconsole.crypto;

/** A stored secret cannot be decrypted: its key is not configured, or the value is damaged. Never carries the value. */
public class SecretDecryptionException extends RuntimeException {

    SecretDecryptionException(String message) {
        super(message);
    }
}
