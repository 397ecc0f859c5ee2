package io.registryconsole.crypto;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the key that encrypts stored secrets comes from.
 *
 * @param key          base64 of 32 random bytes ({@code CONSOLE_ENCRYPTION_KEY}); when unset the console uses
 *                     (and on first start creates) {@code keyFile}
 * @param previousKeys keys that encrypted older values ({@code CONSOLE_ENCRYPTION_PREVIOUSKEYS}, comma separated);
 *                     they only decrypt: at start every stored secret is re-encrypted under {@code key}
 * @param keyFile      key file used when {@code key} is unset; default {@code <data-dir>/encryption.key}
 */
@ConfigurationProperties("console.encryption")
public record EncryptionProperties(String key, List<String> previousKeys, Path keyFile) {

    public EncryptionProperties {
        previousKeys = previousKeys == null ? List.of() : List.copyOf(previousKeys);
    }

    boolean hasKey() {
        return key != null && !key.isBlank();
    }

    /** Keys never appear in logs or failure analysis output. */
    @Override
    public String toString() {
        return "EncryptionProperties[key=" + (hasKey() ? "(set)" : "(unset)") + ", previousKeys=" + previousKeys.size()
            + " key(s), keyFile=" + keyFile + "]";
    }
}
