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
 * CONSOLE_DATA_DIR pointing there, container-aware JVM flags, port 8080; the application as jars only (class data
 * sharing archives no class directory) started by {@code start.sh}, which makes and uses the CDS archive
 * (ComposeStackTest sees it mapped by the running console).
 */
class JibImageTest {

    @TempDir
    Path dir;

    @Test
    void imageConfigurationAndDataVolume() throws Exception {
        Path tar = dir.resolve("image.tar");
        Programs.Result build = Programs.run(List.of("./mvnw", "-B", "-ntp", "-q", "package", "-Dmaven.test.skip=true", "jib:buildTar", "-Dconsole.image.base=scratch",
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
        assertThat(config.at("/Entrypoint").get(0).asString()).isEqualTo("/opt/registry-console/start.sh");
        assertThat(config.at("/Entrypoint").toString()).contains("-XX:MaxRAMPercentage=75").contains("-XX:+ExitOnOutOfMemoryError");

        Integer dataMode = null;
        Integer startMode = null;
        Map<String, String> appFiles = new HashMap<>();
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
                    if (e.getName().equals("opt/registry-console/start.sh")) {
                        startMode = e.getMode() & 0777;
                        appFiles.put(e.getName(), new String(entries.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    } else if (e.getName().startsWith("app/")) {
                        appFiles.put(e.getName(), e.isDirectory() ? "" : new String(entries.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(dataMode).as("/data in a layer, writable by the image's user").isEqualTo(0777);
        assertThat(startMode).as("start.sh executable").isEqualTo(0755);
        assertThat(appFiles.get("app/jib-main-class-file")).isEqualToIgnoringWhitespace("io.registryconsole.ConsoleApplication");
        // packaged: the classpath holds jars only (CDS refuses a non-empty class directory on the class path)
        assertThat(appFiles.get("app/jib-classpath-file").strip().split(":"))
            .allMatch(entry -> entry.endsWith(".jar") || entry.equals("/app/classpath/*")).contains("/app/classpath/*");
        assertThat(appFiles.keySet()).anyMatch(name -> name.matches("app/classpath/registry-console-.*\\.jar"));
        assertThat(appFiles.keySet()).noneMatch(name -> name.startsWith("app/classes/"));
        assertThat(appFiles.get("opt/registry-console/start.sh")).contains("-XX:ArchiveClassesAtExit=")
            .contains("-Dspring.context.exit=onRefresh").contains("-XX:SharedArchiveFile=").contains("exec java");
    }
}
