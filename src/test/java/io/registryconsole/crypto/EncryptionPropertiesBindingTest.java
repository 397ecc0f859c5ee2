package io.registryconsole.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.registryconsole.ConsoleProperties;

/** Deployments set the key as CONSOLE_ENCRYPTION_KEY: check that Boot's relaxed binding really maps it. */
class EncryptionPropertiesBindingTest {

    @TempDir
    Path dataDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({EncryptionProperties.class, ConsoleProperties.class})
    @Import(CryptoConfiguration.class)
    static class Crypto {
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private ApplicationContextRunner withEnvironmentVariables(Map<String, Object> variables) {
        return new ApplicationContextRunner()
            .withUserConfiguration(Crypto.class)
            // the data folder as a property: surefire's console.data-dir system property would outrank a variable
            .withPropertyValues("console.data-dir=" + dataDir)
            .withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @Test
    void environmentVariablesBindToTheEncryptionProperties() {
        String key = newKey();
        String old1 = newKey();
        String old2 = newKey();
        withEnvironmentVariables(Map.of("CONSOLE_ENCRYPTION_KEY", key,
            "CONSOLE_ENCRYPTION_PREVIOUSKEYS", old1 + "," + old2))
            .run(context -> {
                assertThat(context).hasNotFailed();
                EncryptionProperties properties = context.getBean(EncryptionProperties.class);
                assertThat(properties.key()).isEqualTo(key);
                assertThat(properties.previousKeys()).containsExactly(old1, old2);
                SecretCipher cipher = context.getBean(SecretCipher.class);
                assertThat(cipher.currentKeyId()).isEqualTo(EncryptionKey.fromBase64(key, "test").id());
                String underOld = new SecretCipher(EncryptionKey.fromBase64(old2, "test"), java.util.List.of()).encrypt("s3cret");
                assertThat(cipher.decrypt(underOld)).isEqualTo("s3cret");
                // a configured key means no key file is created
                assertThat(dataDir.resolve("encryption.key")).doesNotExist();
            });
    }

    @Test
    void withoutAKeyTheKeyFileInTheDataFolderIsUsed() {
        withEnvironmentVariables(Map.of())
            .run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(dataDir.resolve("encryption.key")).exists();
                assertThat(context.getBean(SecretCipher.class).currentKeyId())
                    .isEqualTo(new KeyFile(dataDir.resolve("encryption.key")).read().id());
            });
    }

    @Test
    void switchingFromTheKeyFileToAConfiguredKeyStillReadsWhatTheFileKeyWrote() {
        EncryptionKey fileKey = new KeyFile(dataDir.resolve("encryption.key")).readOrCreate();
        String written = new SecretCipher(fileKey, java.util.List.of()).encrypt("from-the-file-key-era");

        withEnvironmentVariables(Map.of("CONSOLE_ENCRYPTION_KEY", newKey()))
            .run(context -> assertThat(context.getBean(SecretCipher.class).decrypt(written)).isEqualTo("from-the-file-key-era"));
    }

    @Test
    void aMalformedKeyStopsTheStartWithoutPrintingIt() {
        withEnvironmentVariables(Map.of("CONSOLE_ENCRYPTION_KEY", "c2hvcnQ="))
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("CONSOLE_ENCRYPTION_KEY").hasMessageContaining("32 bytes")
                    .hasMessageNotContaining("c2hvcnQ=");
            });
    }
}
