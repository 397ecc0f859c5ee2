package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.registryconsole.ConsoleApplication;

/**
 * The default set-up, an H2 file database and a generated key in the data folder: data survives a restart, and no
 * file in the folder holds a secret in clear.
 */
class DataFolderTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ConsoleApplication.class).web(WebApplicationType.SERVLET).run(
            "--server.port=0", "--server.address=127.0.0.1",
            "--console.data-dir=" + dataDir,
            "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("console") + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void dataSurvivesARestartAndNoFileHoldsASecretInClear() throws IOException {
        long id;
        try (ConfigurableApplicationContext console = start()) {
            RegistryService registries = console.getBean(RegistryService.class);
            id = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", RegistryProvider.HARBOR, null,
                null, CredentialChange.set(CredentialRequest.basic("robot", "pw-DATA-FOLDER-0001")), "kept", List.of("prod"),
                null)).id();
            registries.create(new RegistryRequest("ghcr", "https://ghcr.io", null, null, null,
                CredentialChange.set(CredentialRequest.token("octo", "tok-DATA-FOLDER-0002")), null, null, null));
        }

        try (Stream<Path> files = Files.walk(dataDir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            assertThat(regular).extracting(p -> p.getFileName().toString()).contains("console.mv.db", "encryption.key");
            for (Path file : regular) {
                byte[] content = Files.readAllBytes(file);
                for (String secret : List.of("pw-DATA-FOLDER-0001", "tok-DATA-FOLDER-0002")) {
                    for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
                        assertThat(indexOf(content, secret.getBytes(charset))).as("%s in %s (%s)", secret, file, charset).isNegative();
                    }
                }
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("encryption.key"))))
            .isEqualTo("rw-------");

        try (ConfigurableApplicationContext console = start()) {
            RegistryService registries = console.getBean(RegistryService.class);
            RegistryView harbor = registries.get(id);
            assertThat(harbor.name()).isEqualTo("harbor");
            assertThat(harbor.description()).isEqualTo("kept");
            assertThat(harbor.labels()).containsExactly("prod");
            assertThat(registries.findAccess(id).orElseThrow().secret()).isEqualTo("pw-DATA-FOLDER-0001");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
