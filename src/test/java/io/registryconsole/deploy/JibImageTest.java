package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.Programs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image Jib builds, as a tar (no engine, no registry: on the empty base {@code scratch}, chosen through the
 * {@code console.image.base} property the deployment docs name): not root, /data a volume the image's user may write,
 * CONSOLE_DATA_DIR pointing there, container-aware JVM flags, port 8080.
 */
class JibImageTest {

    @TempDir
    Path dir;

    @Test
    void imageConfigurationAndDataVolume() throws Exception {
        Path tar = dir.resolve("image.tar");
        Programs.Result build = Programs.run(List.of("./mvnw", "-B", "-ntp", "-q", "jib:buildTar", "-Dconsole.image.base=scratch",
                "-Djib.outputPaths.tar=" + tar, "-Djib.outputPaths.digest=" + dir.resolve("digest"),
                "-Djib.outputPaths.imageId=" + dir.resolve("id"), "-Djib.outputPaths.imageJson=" + dir.resolve("image.json")),
            Map.of(), Duration.ofMinutes(15));
        assertThat(build.ok()).as(build.describe()).isTrue();

        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream image = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = image.getNextEntry()) != null; ) {
                files.put(e.getName(), image.readAllBytes());
            }
        }
        JsonNode config = JsonMapper.builder().build().readTree(files.get("config.json")).at("/config");
        assertThat(config.at("/User").asString()).isEqualTo("65532:65532");
        assertThat(config.at("/Volumes").has("/data")).isTrue();
        assertThat(config.at("/Env").toString()).contains("CONSOLE_DATA_DIR=/data");
        assertThat(config.at("/ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.at("/Entrypoint").toString()).contains("-XX:MaxRAMPercentage=75").contains("-XX:+ExitOnOutOfMemoryError")
            .contains("io.registryconsole.ConsoleApplication");

        Integer dataMode = null;
        for (Map.Entry<String, byte[]> layer : files.entrySet()) {
            if (!layer.getKey().endsWith(".tar.gz")) {
                continue;
            }
            try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(layer.getValue())));
                 TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = entries.getNextEntry()) != null; ) {
                    if (e.getName().equals("data/") || e.getName().equals("data")) {
                        dataMode = e.getMode() & 0777;
                    }
                }
            }
        }
        assertThat(dataMode).as("/data in a layer, writable by the image's user").isEqualTo(0777);
    }
}
