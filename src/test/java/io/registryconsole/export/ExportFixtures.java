package io.registryconsole.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Environments for the export tests. Host names of the sample are never contacted. */
final class ExportFixtures {

    static final String PASSWORD = "s3cr\"et: #pw'x";
    static final String HUB_PASSWORD = "hub-pa55";
    static final String TOKEN = "identity-token-123";

    private ExportFixtures() {
    }

    static String testCaPem() {
        try (InputStream in = ExportFixtures.class.getResourceAsStream("/export/test-ca.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every feature at once: CA, credentials of both kinds, plain HTTP, insecure, a prefix mirror, Docker Hub. */
    static ExportEnvironment sample() {
        return new ExportEnvironment("prod", "linux/arm64", PullPolicy.IF_NOT_PRESENT, 3, List.of(
                ExportBinding.primary("harbor-prod", "https://harbor.example.com").withCaPem(testCaPem())
                        .withCredential(ExportCredential.basic("robot$ci", PASSWORD)),
                ExportBinding.primary("build", "http://build.example.com:5000").withPriority(1),
                ExportBinding.primary("hub", "https://registry-1.docker.io").withPriority(2)
                        .withCredential(ExportCredential.basic("me", HUB_PASSWORD)),
                ExportBinding.mirror("hub-mirror", "https://mirror.example.com:5000", "docker.io", 1)
                        .withCredential(ExportCredential.token("00000000-0000-0000-0000-000000000000", TOKEN)),
                ExportBinding.mirror("hub-cache", "http://10.0.0.5:5000", "index.docker.io", 2),
                ExportBinding.mirror("ghcr-proxy", "https://proxy.example.com/ghcr-proxy", "ghcr.io", 1)
                        .withInsecure(true)));
    }

    /** A folder that nginx workers and other users (nobody) can read. */
    static Path readableDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every file of an export below a folder, by the file's name. */
    static Path write(ExportResult result, Path dir) {
        try {
            readableDir(dir);
            for (ExportFile file : result.files()) {
                Path target = dir.resolve(file.name());
                readableDir(target.getParent());
                Files.writeString(target, file.content(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
