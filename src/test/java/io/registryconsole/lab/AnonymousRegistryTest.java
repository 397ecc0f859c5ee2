package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import tools.jackson.databind.JsonNode;

/** The plain-HTTP registry serves exactly what the generator computed, as skopeo and the JDK client see it. */
@ExtendWith(RegistryLab.Extension.class)
class AnonymousRegistryTest {

    @Test
    void apiAnswersWithoutCredentials(@Use(Variant.ANONYMOUS) LabRegistry registry) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
        assertThat(registry.baseUrl().toString()).startsWith("http://127.0.0.1:");
        assertThat(registry.credentials()).isEmpty();
    }

    @Test
    void everyIntactImageHasTheGeneratedDigests(@Use(Variant.ANONYMOUS) LabRegistry registry, RegistryLab lab) {
        List<SeededImage> intact = registry.images().values().stream().filter(i -> !i.isCorrupted()).toList();
        assertThat(intact).extracting(SeededImage::reference).contains(RegistryLab.ALPINE, RegistryLab.MULTI_ARCH,
            RegistryLab.SCHEMA2, "tags/app:1.0", "tags/app:latest");

        for (SeededImage image : intact) {
            LabAssertions.assertServedAsGenerated(lab.skopeo(), registry, image);
        }
    }

    @Test
    void multiArchIndexListsBothPlatforms(@Use(Variant.ANONYMOUS) LabRegistry registry, RegistryLab lab) {
        SeededImage image = registry.image(RegistryLab.MULTI_ARCH);
        JsonNode index = LabAssertions.json(lab.skopeo().inspectRaw(registry, image.reference()));

        assertThat(index.get("mediaType").asString()).isEqualTo(LabImage.OCI_INDEX);
        List<String> platforms = new ArrayList<>();
        index.get("manifests").forEach(m -> platforms.add(m.get("platform").get("os").asString() + "/"
            + m.get("platform").get("architecture").asString()
            + (m.get("platform").has("variant") ? "/" + m.get("platform").get("variant").asString() : "")));
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64/v8");

        JsonNode arm = LabAssertions.json(lab.skopeo().run(List.of("inspect", "--override-arch", "arm64",
            "--override-variant", "v8", "--tls-verify=false", registry.dockerReference(image.reference())))
            .stdoutOrThrow());
        assertThat(arm.get("Architecture").asString()).isEqualTo("arm64");
        assertThat(arm.get("Layers").values().stream().map(JsonNode::asString).toList())
            .containsExactlyElementsOf(image.manifest("linux/arm64/v8").layers().stream()
                .map(LabImage.Layer::digest).toList());
    }

    @Test
    void schema2ImageIsServedAsDockerSchema2(@Use(Variant.ANONYMOUS) LabRegistry registry, RegistryLab lab) {
        SeededImage image = registry.image(RegistryLab.SCHEMA2);
        JsonNode manifest = LabAssertions.json(lab.skopeo().inspectRaw(registry, image.reference()));

        assertThat(image.mediaType()).isEqualTo(LabImage.DOCKER_MANIFEST);
        assertThat(manifest.get("mediaType").asString()).isEqualTo(LabImage.DOCKER_MANIFEST);
        assertThat(manifest.get("config").get("mediaType").asString()).isEqualTo(LabImage.DOCKER_CONFIG);
    }

    @Test
    void ociManifestNeedsTheOciMediaTypeInAccept(@Use(Variant.ANONYMOUS) LabRegistry registry) throws Exception {
        URI uri = URI.create(registry.baseUrl() + "/v2/library/alpine-test/manifests/3.19");
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> dockerOnly = client.send(HttpRequest.newBuilder(uri)
            .header("Accept", LabImage.DOCKER_MANIFEST).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> oci = client.send(HttpRequest.newBuilder(uri)
            .header("Accept", LabImage.OCI_MANIFEST).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(dockerOnly.statusCode()).isEqualTo(404);
        assertThat(dockerOnly.body()).contains("MANIFEST_UNKNOWN");
        assertThat(oci.statusCode()).isEqualTo(200);
        assertThat(oci.headers().firstValue("Docker-Content-Digest"))
            .hasValue(registry.image(RegistryLab.ALPINE).digest());
        assertThat(oci.headers().firstValue("Content-Type")).hasValue(LabImage.OCI_MANIFEST);
    }

    @Test
    void tagsRepositoryListsEveryTag(@Use(Variant.ANONYMOUS) LabRegistry registry) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/" + RegistryLab.TAGS_APP + "/tags/list"))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        JsonNode tags = LabAssertions.json(response.body()).get("tags");
        assertThat(tags.values().stream().map(JsonNode::asString).toList())
            .containsExactlyInAnyOrderElementsOf(RegistryLab.TAGS_APP_TAGS);
        assertThat(registry.image("tags/app:latest").digest()).isEqualTo(registry.image("tags/app:2.0").digest());
        assertThat(registry.image("tags/app:1.0").digest()).isNotEqualTo(registry.image("tags/app:1.1").digest());
    }
}
