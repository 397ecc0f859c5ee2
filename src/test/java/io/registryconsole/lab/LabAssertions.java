package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Checks shared by the lab's smoke tests: what a registry serves equals what the generator wrote. */
final class LabAssertions {

    private LabAssertions() {
    }

    static JsonNode json(String text) {
        return ImageWriter.JSON.readTree(text);
    }

    /**
     * skopeo reads the top-level manifest and every platform manifest with the generated digests, and each
     * manifest lists the generated config and layers (digests and sizes).
     */
    static void assertServedAsGenerated(Skopeo skopeo, LabRegistry registry, SeededImage image) {
        String raw = skopeo.inspectRaw(registry, image.reference());
        assertThat(sha256(raw)).as("manifest digest of %s in %s", image.reference(), registry.name())
            .isEqualTo(image.digest());
        JsonNode top = json(raw);
        assertThat(top.get("mediaType").asString()).isEqualTo(image.mediaType());
        if (image.image().isIndex()) {
            List<String> listed = new ArrayList<>();
            top.get("manifests").forEach(m -> listed.add(m.get("digest").asString()));
            assertThat(listed).containsExactlyElementsOf(image.manifests().stream().map(LabImage.Manifest::digest)
                .toList());
            for (LabImage.Manifest manifest : image.manifests()) {
                String platformRaw = skopeo.inspectRaw(registry, image.repository() + "@" + manifest.digest());
                assertThat(sha256(platformRaw)).isEqualTo(manifest.digest());
                assertBlobs(json(platformRaw), manifest);
            }
        } else {
            assertBlobs(top, image.single());
            JsonNode summary = json(skopeo.inspect(registry, image.reference()));
            assertThat(summary.get("Digest").asString()).isEqualTo(image.digest());
            assertThat(summary.get("Architecture").asString()).isEqualTo(image.single().platform().architecture());
        }
    }

    private static void assertBlobs(JsonNode manifest, LabImage.Manifest expected) {
        assertThat(manifest.get("config").get("digest").asString()).isEqualTo(expected.config().digest());
        assertThat(manifest.get("config").get("size").asLong()).isEqualTo(expected.config().size());
        List<String> layers = new ArrayList<>();
        manifest.get("layers").forEach(l -> layers.add(l.get("digest").asString() + " " + l.get("size").asLong()));
        assertThat(layers).containsExactlyElementsOf(expected.layers().stream()
            .map(l -> l.digest() + " " + l.size()).toList());
    }

    static String sha256(String text) {
        return ImageWriter.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
