package io.registryconsole.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    @TempDir
    Path dataDir;

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndKeepsUsingIt() throws Exception {
        KeyFile keyFile = new KeyFile(dataDir.resolve("nested/encryption.key"));

        EncryptionKey created = keyFile.readOrCreate();
        EncryptionKey again = new KeyFile(dataDir.resolve("nested/encryption.key")).readOrCreate();

        assertThat(again.id()).isEqualTo(created.id());
        Path file = dataDir.resolve("nested/encryption.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(java.util.Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("encryption.key");
        }
    }

    @Test
    void consolesStartingTogetherAgreeOnOneKey() throws Exception {
        Path file = dataDir.resolve("encryption.key");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> starts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                starts.add(() -> new KeyFile(file).readOrCreate().id());
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : pool.invokeAll(starts)) {
                ids.add(id.get());
            }
            assertThat(ids).containsOnly(new KeyFile(file).read().id());
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedKeyFileStopsTheStartWithItsPathButNotItsContent() throws Exception {
        Path file = dataDir.resolve("encryption.key");
        Files.writeString(file, "dG9vIHNob3J0\n");

        assertThatThrownBy(() -> new KeyFile(file).read())
            .hasMessageContaining(file.toString()).hasMessageContaining("32 bytes").hasMessageNotContaining("dG9vIHNob3J0");
    }
}
