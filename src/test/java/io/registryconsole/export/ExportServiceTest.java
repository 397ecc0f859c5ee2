package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

/** The facade: every format in one zip, and the formats with secrets left out for non-admins. */
class ExportServiceTest {

    private final ExportService service = new ExportService();

    @Test
    void theZipHoldsEveryFormatInItsFolder() throws IOException {
        Map<String, String> zip = unzip(service.renderAll(ExportFixtures.sample(), ExportOptions.defaults(), true));

        assertThat(zip).containsKeys("docker-daemon/daemon.json", "docker-config/config.json",
                "containerd-hosts/docker.io/hosts.toml", "containerd-hosts/containerd-2.x-config.toml",
                "registries-conf/registries.conf", "k3s-registries/registries.yaml", "k8s-secret/secret.yaml",
                "k8s-secret/serviceaccount-patch.yaml", "k8s-secret/pod-snippet.yaml",
                "nginx-proxy/registry-proxy-prod.conf", "WARNINGS.txt");
        assertThat(zip.get("docker-daemon/daemon.json"))
                .isEqualTo(service.render(Format.DOCKER_DAEMON, ExportFixtures.sample(), ExportOptions.defaults()).main().content());
        assertThat(zip.get("WARNINGS.txt")).contains("docker-daemon: registry-mirrors applies to Docker Hub only");
    }

    @Test
    void withoutSecretsTheFormatsHoldingCredentialsAreLeftOut() throws IOException {
        Map<String, String> zip = unzip(service.renderAll(ExportFixtures.sample(), ExportOptions.defaults(), false));

        assertThat(zip.keySet()).noneMatch(name -> name.startsWith("docker-config/") || name.startsWith("k3s-registries/")
                || name.startsWith("k8s-secret/"));
        assertThat(zip.get("WARNINGS.txt")).contains("docker-config: left out, it holds credentials (ADMIN only)");
        assertThat(String.join("\n", zip.values())).doesNotContain(ExportFixtures.PASSWORD)
                .doesNotContain(ExportFixtures.HUB_PASSWORD).doesNotContain(ExportFixtures.TOKEN);
    }

    private static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
