package io.registryconsole.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** After a key rotation, moves every stored secret to the current key at start (see docs/key-rotation.md). */
@Component
class SecretReencryptionRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryptionRunner.class);

    private final RegistryService registries;

    SecretReencryptionRunner(RegistryService registries) {
        this.registries = registries;
    }

    @Override
    public void run(ApplicationArguments args) {
        int count = registries.reencryptSecrets();
        if (count > 0) {
            log.info("Re-encrypted {} stored credential(s) with the current encryption key", count);
        }
    }
}
