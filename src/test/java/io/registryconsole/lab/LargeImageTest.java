package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/** The benchmark image generator, exercised at a small size. */
@ExtendWith(RegistryLab.Extension.class)
class LargeImageTest {

    private static final long BYTES = 3 * 1024 * 1024 + 5;

    @Test
    void generatesKLayersOfTheRequestedSizeOnceAndPushesThem(@Use(Variant.ANONYMOUS) LabRegistry registry,
            RegistryLab lab, @TempDir Path cache) throws IOException {
        LabImage image = LargeImage.generate(cache, BYTES, 3);

        assertThat(image.single().layers()).hasSize(3);
        long payload = 0;
        for (LabImage.Layer layer : image.single().layers()) {
            Path blob = image.layout().resolve("blobs/sha256").resolve(ImageWriter.hex(layer.digest()));
            assertThat(ImageWriter.sha256(Files.readAllBytes(blob))).isEqualTo(layer.digest());
            assertThat(layer.diffId()).isEqualTo(layer.digest());
            payload += tarPayload(blob);
        }
        assertThat(payload).isEqualTo(BYTES);

        Path firstBlob = image.layout().resolve("blobs/sha256")
            .resolve(ImageWriter.hex(image.single().layers().get(0).digest()));
        Files.setLastModifiedTime(firstBlob, FileTime.fromMillis(0));
        LabImage cached = LargeImage.generate(cache, BYTES, 3);
        assertThat(cached).isEqualTo(image);
        assertThat(Files.getLastModifiedTime(firstBlob).toMillis()).as("taken from the cache").isZero();

        SeededImage seeded = lab.seed(registry, "bench/large:small", cached);
        LabAssertions.assertServedAsGenerated(lab.skopeo(), registry, seeded);
    }

    private static long tarPayload(Path blob) throws IOException {
        long total = 0;
        try (InputStream file = Files.newInputStream(blob);
                TarArchiveInputStream tar = new TarArchiveInputStream(file)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
                total += tar.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return total;
    }
}
