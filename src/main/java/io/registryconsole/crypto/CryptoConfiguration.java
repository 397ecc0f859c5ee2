package io.registryconsole.crypto;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.registryconsole.ConsoleProperties;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

    @Bean
    SecretCipher secretCipher(EncryptionProperties properties, ConsoleProperties console) {
        KeyFile keyFile = new KeyFile(properties.keyFile() != null ? properties.keyFile()
            : defaultKeyFile(console.dataDir()));
        List<EncryptionKey> previous = new ArrayList<>();
        for (int i = 0; i < properties.previousKeys().size(); i++) {
            previous.add(EncryptionKey.fromBase64(properties.previousKeys().get(i), "console.encryption.previous-keys[" + i + "]"));
        }
        EncryptionKey current;
        if (properties.hasKey()) {
            current = EncryptionKey.fromBase64(properties.key(), "console.encryption.key (CONSOLE_ENCRYPTION_KEY)");
            if (keyFile.exists()) {
                // Moving from the generated key file to a configured key must not strand the secrets it encrypted.
                previous.add(keyFile.read());
            }
        }
        else {
            current = keyFile.readOrCreate();
        }
        SecretCipher cipher = new SecretCipher(current, previous);
        log.info("Stored secrets are encrypted with key {} ({}); {} previous key(s) accepted for decryption", current.id(),
            properties.hasKey() ? "from console.encryption.key" : "from " + keyFile.path(), previous.size());
        return cipher;
    }

    static Path defaultKeyFile(Path dataDir) {
        return dataDir.resolve("encryption.key");
    }
}
