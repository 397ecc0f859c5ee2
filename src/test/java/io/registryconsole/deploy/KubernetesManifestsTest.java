package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.registryconsole.lab.Programs;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** ops/k8s as {@code kubectl kustomize} renders it: what a two-replica deployment on PostgreSQL needs. */
class KubernetesManifestsTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Test
    void rendersTwoReplicasWithProbesSecretsAndAServiceThatSelectsThem() {
        String kubectl = Programs.require("kubectl", "kubernetes-client").toString();
        String rendered = Programs.run(List.of(kubectl, "kustomize", "ops/k8s"), Map.of(), Duration.ofMinutes(2)).stdoutOrThrow();
        List<JsonNode> docs = new ArrayList<>();
        for (String doc : rendered.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                docs.add(YAML.readTree(doc));
            }
        }
        JsonNode deployment = kind(docs, "Deployment");
        JsonNode service = kind(docs, "Service");

        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template");
        assertThat(deployment.at("/spec/selector/matchLabels").properties()).isNotEmpty();
        deployment.at("/spec/selector/matchLabels").properties().forEach(label ->
            assertThat(pod.path("metadata").path("labels").path(label.getKey()).asString()).isEqualTo(label.getValue().asString()));
        service.at("/spec/selector").properties().forEach(label ->
            assertThat(pod.path("metadata").path("labels").path(label.getKey()).asString()).isEqualTo(label.getValue().asString()));
        assertThat(service.at("/spec/selector").properties()).isNotEmpty();

        JsonNode container = pod.at("/spec/containers/0");
        assertThat(container.at("/image").asString()).startsWith("registry-console");
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/startupProbe/httpGet/path").asString()).isNotEmpty();
        assertThat(container.at("/ports/0/name").asString()).isEqualTo(service.at("/spec/ports/0/targetPort").asString());
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.at("/env").forEach(e -> env.put(e.at("/name").asString(), e));
        assertThat(env.get("SPRING_PROFILES_ACTIVE").at("/value").asString()).isEqualTo("postgres");
        assertThat(env.get("CONSOLE_CDS").at("/value").asString()).as("no CDS training run in every new pod").isEqualTo("off");
        for (String secret : List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
            "CONSOLE_ENCRYPTION_KEY", "CONSOLE_ADMIN_PASSWORD")) {
            assertThat(env.get(secret)).as(secret).isNotNull();
            assertThat(env.get(secret).at("/valueFrom/secretKeyRef/name").asString()).as(secret).isEqualTo("registry-console");
            assertThat(env.get(secret).has("value")).as("%s never in clear in the manifest", secret).isFalse();
        }
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).as("time for the graceful shutdown").isGreaterThan(20);
        assertThat(rendered).doesNotContain("sessionAffinity: ClientIP");
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.at("/kind").asString().equals(kind)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + kind + " in the rendered manifests"));
    }
}
