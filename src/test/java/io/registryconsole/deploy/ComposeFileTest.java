package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.Programs;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker-compose.yml as Debian's docker-compose 1.29 reads it ({@code config}: parsed, variables filled in from an
 * env file, no engine needed): the services a newcomer gets, their health checks and restart policies, secrets only
 * from .env, ports on loopback, every image replaceable, and the two-instances profile behind nginx.
 */
class ComposeFileTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theStackWithTwoInstancesBehindNginx() throws Exception {
        JsonNode config = config(List.of("--profile", "two-instances"), """
            POSTGRES_PASSWORD=pg-secret-1
            CONSOLE_ENCRYPTION_KEY=key-secret-1
            CONSOLE_ADMIN_PASSWORD=admin-secret-1
            CONSOLE_IMAGE=127.0.0.1:5999/lab/console:1
            """);
        JsonNode services = config.at("/services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrder("postgres", "registry", "seed", "console", "console-init", "console2", "lb");

        for (String longRunning : List.of("postgres", "registry", "console", "console2", "lb")) {
            assertThat(services.at("/" + longRunning + "/restart").asString()).as(longRunning).isEqualTo("unless-stopped");
            assertThat(services.at("/" + longRunning + "/healthcheck/test").isMissingNode()).as(longRunning + " has a health check").isFalse();
        }
        for (String oneShot : List.of("seed", "console-init")) {
            assertThat(services.at("/" + oneShot + "/restart").asString()).as(oneShot).isEqualTo("no");
        }
        assertThat(services.at("/console/image").asString()).isEqualTo("127.0.0.1:5999/lab/console:1");
        assertThat(services.at("/console2/image").asString()).isEqualTo("127.0.0.1:5999/lab/console:1");
        assertThat(services.at("/console/environment/CONSOLE_ENCRYPTION_KEY").asString()).isEqualTo("key-secret-1");
        assertThat(services.at("/console2/environment/CONSOLE_ENCRYPTION_KEY").asString()).as("one key for both").isEqualTo("key-secret-1");
        assertThat(services.at("/console/environment/SPRING_DATASOURCE_URL").asString()).isEqualTo("jdbc:postgresql://postgres:5432/console");
        assertThat(services.at("/console/healthcheck/test").toString()).contains("/actuator/health");
        assertThat(services.at("/console/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
        assertThat(services.at("/console-init/depends_on/console/condition").asString()).isEqualTo("service_healthy");
        assertThat(services.at("/seed/depends_on/registry/condition").asString()).isEqualTo("service_healthy");
        assertThat(services.at("/console/volumes/0").toString()).contains("/data");

        // published on loopback only; the second console only behind nginx
        assertThat(services.at("/console/ports").toString()).contains("127.0.0.1");
        assertThat(services.at("/lb/ports").toString()).contains("127.0.0.1");
        assertThat(services.at("/console2/ports").isMissingNode()).isTrue();
        assertThat(services.at("/postgres/ports").isMissingNode()).isTrue();

        String nginx = Files.readString(Path.of("ops/compose/nginx.conf")).replaceAll("(?m)^\\s*#.*$", "");
        assertThat(nginx).contains("server console:8080").contains("server console2:8080").doesNotContain("ip_hash").doesNotContain("sticky");
    }

    @Test
    void onlyTheSecondConsoleAndNginxBelongToTheTwoInstancesProfile() throws Exception {
        // docker-compose 1.29's "config" lists every service; "up" without --profile starts those without a profile
        JsonNode services = config(List.of(), """
            POSTGRES_PASSWORD=pg-secret-1
            CONSOLE_ENCRYPTION_KEY=key-secret-1
            CONSOLE_ADMIN_PASSWORD=admin-secret-1
            """).at("/services");
        for (String service : fieldNames(services)) {
            boolean second = service.equals("console2") || service.equals("lb");
            assertThat(services.at("/" + service + "/profiles").toString()).as(service)
                .isEqualTo(second ? "[\"two-instances\"]" : "");
        }
        assertThat(services.at("/console/image").asString()).isEqualTo("registry-console");
    }

    @Test
    void aMissingSecretStopsComposeWithItsName() throws Exception {
        Files.writeString(dir.resolve(".env"), "POSTGRES_PASSWORD=pg-secret-1\nCONSOLE_ADMIN_PASSWORD=admin-secret-1\n");
        Programs.Result result = compose(List.of("config"));
        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("CONSOLE_ENCRYPTION_KEY");
    }

    @Test
    void theExampleEnvFileNamesEverySecretTheComposeFileNeeds() throws Exception {
        String example = Files.readString(Path.of(".env.example"));
        for (String variable : List.of("POSTGRES_PASSWORD", "CONSOLE_ENCRYPTION_KEY", "CONSOLE_ADMIN_PASSWORD", "CONSOLE_IMAGE")) {
            assertThat(example).contains(variable);
        }
    }

    private JsonNode config(List<String> options, String env) throws Exception {
        Files.writeString(dir.resolve(".env"), env);
        List<String> args = new ArrayList<>(options);
        args.add("config");
        Programs.Result result = compose(args);
        return YAML.readTree(result.stdoutOrThrow());
    }

    private Programs.Result compose(List<String> args) {
        String compose = Programs.require("docker-compose", "docker-compose").toString();
        List<String> command = new ArrayList<>(List.of(compose, "--project-directory", Path.of("").toAbsolutePath().toString(),
            "--env-file", dir.resolve(".env").toString(), "-f", Path.of("docker-compose.yml").toAbsolutePath().toString()));
        command.addAll(args);
        return Programs.run(command, Map.of(), Duration.ofMinutes(2));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
