package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.ImageWriter.Format;
import io.registryconsole.lab.ImageWriter.LayerFile;
import io.registryconsole.lab.LabImage.Platform;
import tools.jackson.databind.JsonNode;

/** The generator writes valid, reproducible OCI layouts and skopeo dir: directories. */
class ImageWriterTest {

    @Test
    void layoutHoldsEveryBlobUnderItsDigest(@TempDir Path dir) throws IOException {
        Map<String, LabImage> images = StandardImages.generate(dir);

        for (LabImage image : images.values()) {
            for (LabImage.Manifest manifest : image.manifests()) {
                assertBlob(image, manifest.digest(), manifest.size());
                assertBlob(image, manifest.config().digest(), manifest.config().size());
                for (LabImage.Layer layer : manifest.layers()) {
                    assertBlob(image, layer.digest(), layer.size());
                }
            }
            assertBlob(image, image.digest(), image.size());
        }
        JsonNode layoutIndex = ImageWriter.JSON.readTree(Files.readString(dir.resolve("tags-app/index.json")));
        List<String> refs = new ArrayList<>();
        layoutIndex.get("manifests").forEach(m -> refs.add(
            m.get("annotations").get("org.opencontainers.image.ref.name").asString()));
        assertThat(refs).containsExactlyElementsOf(RegistryLab.TAGS_APP_TAGS);
        assertThat(Files.readString(dir.resolve("alpine-test/oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
    }

    @Test
    void layersAreGzippedTarsWhoseDiffIdsAreInTheConfig(@TempDir Path dir) throws IOException {
        ImageWriter writer = ImageWriter.create(dir);
        LabImage.Layer layer = writer.layer(Format.OCI, true, List.of(LayerFile.text("etc/hello", "hi\n"),
            LayerFile.random("usr/bin/tool", 3, 1000)));
        LabImage.Manifest manifest = writer.image(Format.OCI, Platform.parse("linux/arm64/v8"), List.of(layer),
            Map.of());

        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(blob(dir, layer.digest()))).readAllBytes();
        assertThat(ImageWriter.sha256(tar)).isEqualTo(layer.diffId());
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null;) {
                entries.add(entry.getName() + " " + entry.getSize() + (entry.isDirectory() ? " dir" : ""));
            }
        }
        assertThat(entries).containsExactly("etc/ 0 dir", "etc/hello 3", "usr/ 0 dir", "usr/bin/ 0 dir",
            "usr/bin/tool 1000");

        JsonNode config = ImageWriter.JSON.readTree(blob(dir, manifest.config().digest()));
        assertThat(config.get("architecture").asString()).isEqualTo("arm64");
        assertThat(config.get("variant").asString()).isEqualTo("v8");
        assertThat(config.get("os").asString()).isEqualTo("linux");
        assertThat(config.get("rootfs").get("diff_ids").get(0).asString()).isEqualTo(layer.diffId());
    }

    @Test
    void sameInputGivesSameDigests(@TempDir Path first, @TempDir Path second) {
        Map<String, LabImage> a = StandardImages.generate(first);
        Map<String, LabImage> b = StandardImages.generate(second);

        a.forEach((reference, image) -> assertThat(b.get(reference).digest()).as(reference).isEqualTo(image.digest()));
    }

    @Test
    void dockerImagesGoToADirTransportDirectory(@TempDir Path dir) throws IOException {
        LabImage list = StandardImages.generate(dir).get(RegistryLab.DOCKER_LIST);

        assertThat(list.skopeoSource()).isEqualTo("dir:" + dir.resolve("docker-list"));
        assertThat(list.mediaType()).isEqualTo(LabImage.DOCKER_LIST);
        assertThat(ImageWriter.sha256(Files.readAllBytes(dir.resolve("docker-list/manifest.json"))))
            .isEqualTo(list.digest());
        for (LabImage.Manifest manifest : list.manifests()) {
            assertThat(manifest.mediaType()).isEqualTo(LabImage.DOCKER_MANIFEST);
            assertThat(dir.resolve("docker-list/" + ImageWriter.hex(manifest.digest()) + ".manifest.json"))
                .exists();
        }
    }

    private static void assertBlob(LabImage image, String digest, long size) throws IOException {
        Path file = image.layoutRef() == null ? image.layout().resolve(ImageWriter.hex(digest))
            : image.layout().resolve("blobs/sha256").resolve(ImageWriter.hex(digest));
        byte[] content = Files.readAllBytes(file);
        assertThat(content).hasSize((int) size);
        assertThat(ImageWriter.sha256(content)).isEqualTo(digest);
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(ImageWriter.hex(digest)));
    }
}
