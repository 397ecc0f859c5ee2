package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9b: the console created its data folder and {@code console.mv.db} readable by everybody (0755 / 0644),
 * while the key file beside them was 0600. Now the folder is 0700 and its files 0600, also when the folder existed
 * with wider permissions. A real console process on its default H2 URL.
 */
class DataFolderPermissionsTest {

    @TempDir
    Path temp;

    @Test
    void theDataFolderIsOwnerOnlyAndSoAreItsFiles() throws Exception {
        Path data = temp.resolve("data");
        try (ConsoleProcess console = ConsoleProcess.start(data, Map.of())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(data.resolve("console.mv.db")).exists();
            try (var files = Files.list(data)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
                }
            }
            console.kill();
            // a folder someone opened up is closed again at the next start
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(data.resolve("console.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
            console.restart();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("console.mv.db"))))
                .isEqualTo("rw-------");
        }
    }
}
