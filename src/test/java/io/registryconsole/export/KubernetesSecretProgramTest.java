package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import tools.jackson.databind.JsonNode;

/**
 * Proof by kubectl (Debian's kubernetes-client, client side only, no cluster): {@code kubectl create secret
 * docker-registry --dry-run=client -o yaml} gives the same Secret as the generated one, and kubectl reads the
 * generated Secret, ServiceAccount patch and Pod snippet as the objects they claim to be.
 */
class KubernetesSecretProgramTest {

    private static final String PASSWORD = "p@ss \"word\" $HOME #1";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "private registry, https://127.0.0.1:5443, 127.0.0.1:5443",
            "Docker Hub,       https://registry-1.docker.io, https://index.docker.io/v1/"})
    void kubectlCreatesTheSameSecret(String label, String url, String server) {
        ExportEnvironment env = new ExportEnvironment("ci", null, PullPolicy.ALWAYS, null, List.of(
                ExportBinding.primary("only", url).withCredential(ExportCredential.basic("robot$ci", PASSWORD))));
        ExportOptions options = ExportOptions.defaults().toBuilder().secret("team-a", "pull.creds").build();
        ExportResult generated = new ExportService().render(Format.K8S_SECRET, env, options);

        ExternalProgram.Result kubectl = kubectl().run(Duration.ofSeconds(60), "create", "secret", "docker-registry",
                "pull.creds", "--docker-server", server, "--docker-username", "robot$ci", "--docker-password", PASSWORD,
                "--namespace", "team-a", "--dry-run=client", "-o", "yaml");
        assertThat(kubectl.exitCode()).as(kubectl.describe()).isZero();

        JsonNode ours = Formats.YAML.readTree(generated.file("secret.yaml").content());
        JsonNode theirs = Formats.YAML.readTree(kubectl.stdout());
        for (String field : List.of("apiVersion", "kind", "type")) {
            assertThat(ours.path(field)).as(field).isEqualTo(theirs.path(field));
        }
        assertThat(ours.path("metadata").path("name")).isEqualTo(theirs.path("metadata").path("name"));
        assertThat(ours.path("metadata").path("namespace")).isEqualTo(theirs.path("metadata").path("namespace"));
        assertThat(ours.path("data").propertyNames()).containsExactlyInAnyOrderElementsOf(theirs.path("data").propertyNames());
        // compared decoded and parsed, so that key order and base64 padding do not matter; never printed
        JsonNode ourConfig = decodedDockerConfig(ours);
        JsonNode theirConfig = decodedDockerConfig(theirs);
        assertThat(ourConfig.equals(theirConfig))
                .as("decoded .dockerconfigjson of the generated Secret equals kubectl's (auth keys: ours %s, kubectl %s)",
                        ourConfig.path("auths").propertyNames(), theirConfig.path("auths").propertyNames())
                .isTrue();
    }

    @Test
    void kubectlReadsTheSecretThePatchAndThePod() throws IOException {
        ExportOptions options = ExportOptions.defaults().toBuilder().secret("team-a", "pull-creds")
                .serviceAccount("builder").podImage("harbor.example.com/team/app:latest").build();
        ExportResult generated = new ExportService().render(Format.K8S_SECRET, ExportFixtures.sample(), options);
        ExportFixtures.write(generated, tmp);
        Files.writeString(tmp.resolve("sa.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: builder
                  namespace: team-a
                """);

        JsonNode patched = kubectlJson("patch", "--local", "-f", tmp.resolve("sa.yaml").toString(),
                "--patch-file", tmp.resolve("serviceaccount-patch.yaml").toString(), "-o", "json");
        JsonNode secret = kubectlJson("patch", "--local", "-f", tmp.resolve("secret.yaml").toString(),
                "--type", "merge", "-p", "{}", "-o", "json");
        JsonNode pod = kubectlJson("patch", "--local", "-f", tmp.resolve("pod-snippet.yaml").toString(),
                "--type", "merge", "-p", "{}", "-o", "json");

        assertThat(patched.path("imagePullSecrets").path(0).path("name").asString()).isEqualTo("pull-creds");
        assertThat(secret.path("type").asString()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(decodedDockerConfig(secret).path("auths").propertyNames())
                .containsExactly("harbor.example.com", "https://index.docker.io/v1/", "mirror.example.com:5000");
        JsonNode container = pod.path("spec").path("containers").path(0);
        assertThat(container.path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(container.path("image").asString()).isEqualTo("harbor.example.com/team/app:latest");
        assertThat(pod.path("spec").path("imagePullSecrets").path(0).path("name").asString()).isEqualTo("pull-creds");
        assertThat(pod.path("spec").path("nodeSelector").path("kubernetes.io/arch").asString()).isEqualTo("arm64");
        assertThat(generated.warnings()).anyMatch(w -> w.contains(":latest") && w.contains("Always"));
    }

    private JsonNode kubectlJson(String... args) {
        ExternalProgram.Result run = kubectl().run(Duration.ofSeconds(60), Map.of("KUBECONFIG", tmp.resolve("none").toString()),
                List.of(args));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return Formats.JSON.readTree(run.stdout());
    }

    private static JsonNode decodedDockerConfig(JsonNode secret) {
        String encoded = secret.path("data").path(".dockerconfigjson").asString();
        return Formats.JSON.readTree(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    private static ExternalProgram kubectl() {
        return ExternalProgram.require("kubectl", "kubernetes-client").masking(PASSWORD, ExportFixtures.PASSWORD,
                ExportFixtures.HUB_PASSWORD, ExportFixtures.TOKEN);
    }
}
