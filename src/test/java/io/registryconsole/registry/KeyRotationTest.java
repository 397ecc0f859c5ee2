package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.ConsoleApplication;
import io.registryconsole.TestTables;
import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.crypto.SecretDecryptionException;

/** The procedure of docs/key-rotation.md, run against the real database: restarts with a new key lose nothing. */
@Tag("db")
@ExtendWith(OutputCaptureExtension.class)
class KeyRotationTest {

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A console start, as after a restart: command-line arguments outrank the test run's system properties. */
    static ConfigurableApplicationContext start(String... arguments) {
        // a web start: the console's security configuration needs the servlet stack
        String[] all = Stream.concat(Stream.of("--server.port=0", "--server.address=127.0.0.1"),
            Stream.of(arguments)).toArray(String[]::new);
        return new SpringApplicationBuilder(ConsoleApplication.class).web(WebApplicationType.SERVLET).run(all);
    }

    static List<Map<String, Object>> credentials(ConfigurableApplicationContext console) {
        return console.getBean(JdbcTemplate.class)
            .queryForList("select name, credential_secret, version, updated_at from registry order by name");
    }

    @Test
    void restartingWithANewKeyAndTheOldOneAsPreviousReencryptsEverySecret(CapturedOutput output) {
        String keyA = newKey();
        String keyB = newKey();
        long harbor;
        long ghcr;
        String idA;
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + keyA)) {
            TestTables.clean(console.getBean(JdbcTemplate.class));
            RegistryService registries = console.getBean(RegistryService.class);
            harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, null, null,
                CredentialChange.set(CredentialRequest.basic("robot", "pw-rotation-1")), null, null, null)).id();
            ghcr = registries.create(new RegistryRequest("ghcr", "https://ghcr.io", null, null, null,
                CredentialChange.set(CredentialRequest.token(null, "tok-rotation-2")), null, null, null)).id();
            registries.create(new RegistryRequest("anonymous", "https://quay.io", null, null, null, null, null, null, null));
            idA = console.getBean(SecretCipher.class).currentKeyId();
            assertThat(credentials(console)).extracting(row -> (String) row.get("credential_secret")).filteredOn(s -> s != null)
                .hasSize(2).allSatisfy(secret -> assertThat(secret).startsWith("v1:" + idA + ":"));
        }

        List<Map<String, Object>> beforeRotation;
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + keyA)) {
            beforeRotation = credentials(console);
        }
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + keyB,
            "--console.encryption.previous-keys=" + keyA)) {
            String idB = console.getBean(SecretCipher.class).currentKeyId();
            List<Map<String, Object>> rotated = credentials(console);
            assertThat(rotated).extracting(row -> (String) row.get("credential_secret")).filteredOn(s -> s != null)
                .hasSize(2).allSatisfy(secret -> assertThat(secret).startsWith("v1:" + idB + ":"));
            // re-encryption changes no meaning: versions and timestamps stay, open edit forms do not go stale
            assertThat(rotated).extracting(row -> row.get("version")).isEqualTo(beforeRotation.stream().map(r -> r.get("version")).toList());
            assertThat(rotated).extracting(row -> row.get("updated_at")).isEqualTo(beforeRotation.stream().map(r -> r.get("updated_at")).toList());
            RegistryService registries = console.getBean(RegistryService.class);
            assertThat(registries.findAccess(harbor).orElseThrow().secret()).isEqualTo("pw-rotation-1");
            assertThat(registries.findAccess(ghcr).orElseThrow().secret()).isEqualTo("tok-rotation-2");
        }
        assertThat(output.getAll()).contains("Re-encrypted 2 stored credential(s) with the current encryption key");

        // Now only key B works: A can be dropped from previous-keys.
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + keyB)) {
            assertThat(console.getBean(RegistryService.class).findAccess(harbor).orElseThrow().secret()).isEqualTo("pw-rotation-1");
        }
        assertThat(output.getAll()).doesNotContain("pw-rotation-1").doesNotContain("tok-rotation-2");
    }

    @Test
    void forgettingThePreviousKeyLosesNothingAndSaysWhatToDo(CapturedOutput output) {
        String keyA = newKey();
        long harbor;
        String idA;
        List<Map<String, Object>> stored;
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + keyA)) {
            TestTables.clean(console.getBean(JdbcTemplate.class));
            harbor = console.getBean(RegistryService.class).create(new RegistryRequest("harbor", "https://harbor.example.com",
                null, null, null, CredentialChange.set(CredentialRequest.basic("robot", "pw-forgotten-1")), null, null, null)).id();
            idA = console.getBean(SecretCipher.class).currentKeyId();
            stored = credentials(console);
        }

        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + newKey())) {
            assertThat(credentials(console)).as("the undecryptable secret is kept as it was").isEqualTo(stored);
            assertThatThrownBy(() -> console.getBean(RegistryService.class).findAccess(harbor))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining(idA).hasMessageContaining("console.encryption.previous-keys");
        }
        assertThat(output.getAll()).contains("Cannot re-encrypt the credential of registry 'harbor'").contains(idA)
            .doesNotContain("pw-forgotten-1");

        // adding the key back later still recovers it
        try (ConfigurableApplicationContext console = start("--console.encryption.key=" + newKey(),
            "--console.encryption.previous-keys=" + keyA)) {
            assertThat(console.getBean(RegistryService.class).findAccess(harbor).orElseThrow().secret()).isEqualTo("pw-forgotten-1");
        }
    }
}
