package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.registryconsole.lab.ImageWriter.Format;
import io.registryconsole.lab.LabImage.Layer;
import io.registryconsole.lab.LabImage.Platform;
import tools.jackson.databind.JsonNode;

/**
 * A big image for benchmarks: {@code layers} uncompressed tar layers, each one file of pseudo-random
 * (incompressible) bytes from a fast PRNG, written with their SHA-256 computed on the way. The layout is
 * cached under the given folder, keyed by size and layer count, so benchmark runs generate it once.
 */
final class LargeImage {

    private static final int CHUNK = 1 << 20;
    private static final String REF = "large";

    private LargeImage() {
    }

    static synchronized LabImage generate(Path cacheRoot, long bytes, int layers) {
        if (bytes < layers || layers < 1) {
            throw new IllegalArgumentException("need at least one byte per layer: " + bytes + " bytes, " + layers);
        }
        Path dir = cacheRoot.resolve("large-" + bytes + "-" + layers);
        Path metadata = dir.resolve("lab-image.json");
        if (Files.exists(metadata)) {
            return read(dir, metadata);
        }
        Path partial = cacheRoot.resolve("large-" + bytes + "-" + layers + ".partial");
        RegistryLab.deleteTree(partial);
        RegistryLab.deleteTree(dir);
        ImageWriter writer = ImageWriter.create(partial);
        Path scratch = partial.resolve("scratch");
        List<Layer> written = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(layers,
            Math.max(1, Runtime.getRuntime().availableProcessors())));
        try {
            Files.createDirectories(scratch);
            List<Future<Layer>> futures = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                long size = bytes / layers + (i < bytes % layers ? 1 : 0);
                int index = i;
                futures.add(pool.submit(() -> writeLayer(writer, scratch, index, size)));
            }
            for (Future<Layer> future : futures) {
                written.add(future.get());
            }
            Files.delete(scratch);
        } catch (Exception e) {
            throw new IllegalStateException("could not generate the large image in " + partial, e);
        } finally {
            pool.shutdownNow();
        }
        LabImage.Manifest manifest = writer.image(Format.OCI, new Platform("linux", "amd64", null), written,
            Map.of("org.opencontainers.image.title", "registry lab large image"));
        LabImage image = writer.tag(manifest, REF);
        try {
            Files.write(partial.resolve("lab-image.json"), ImageWriter.JSON.writeValueAsBytes(describe(image)));
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(dir, metadata);
    }

    /** One tar holding {@code blob-<index>.bin} of {@code size} random bytes; digest = diff_id (no compression). */
    private static Layer writeLayer(ImageWriter writer, Path scratch, int index, long size) throws IOException {
        Path file = scratch.resolve("layer-" + index);
        MessageDigest sha256 = ImageWriter.newSha256();
        long total = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] header = new byte[512];
            ImageWriter.entry("blob-" + index + ".bin", 0644, size).writeEntryHeader(header);
            total += write(out, sha256, ByteBuffer.wrap(header));
            SplittableRandom random = new SplittableRandom(0x1a5e_0000L + index);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long remaining = size;
            while (remaining > 0) {
                int n = (int) Math.min(CHUNK, remaining);
                buffer.clear();
                while (buffer.position() + 8 <= n) {
                    buffer.putLong(random.nextLong());
                }
                while (buffer.position() < n) {
                    buffer.put((byte) random.nextInt());
                }
                buffer.flip();
                total += write(out, sha256, buffer);
                remaining -= n;
            }
            // pad the file to a whole record, then the two zero records that end a tar archive
            long padding = (512 - size % 512) % 512 + 1024;
            total += write(out, sha256, ByteBuffer.allocate((int) padding));
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sha256.digest());
        return writer.layerFromFile(file, LabImage.OCI_LAYER_TAR, digest, total, digest);
    }

    private static long write(FileChannel out, MessageDigest sha256, ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        sha256.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        return length;
    }

    private static Map<String, Object> describe(LabImage image) {
        LabImage.Manifest m = image.single();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("digest", m.digest());
        json.put("size", m.size());
        json.put("config", Map.of("digest", m.config().digest(), "size", m.config().size()));
        json.put("layers", m.layers().stream()
            .map(l -> Map.of("digest", l.digest(), "size", l.size(), "diffId", l.diffId()))
            .toList());
        return json;
    }

    private static LabImage read(Path dir, Path metadata) {
        JsonNode json;
        try {
            json = ImageWriter.JSON.readTree(Files.readString(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : json.get("layers")) {
            layers.add(new Layer(LabImage.OCI_LAYER_TAR, layer.get("digest").asString(), layer.get("size").asLong(),
                layer.get("diffId").asString()));
        }
        LabImage.Manifest manifest = new LabImage.Manifest(new Platform("linux", "amd64", null),
            LabImage.OCI_MANIFEST, json.get("digest").asString(), json.get("size").asLong(),
            new LabImage.Descriptor(LabImage.OCI_CONFIG, json.get("config").get("digest").asString(),
                json.get("config").get("size").asLong()),
            layers);
        return new LabImage(dir, REF, manifest.mediaType(), manifest.digest(), manifest.size(), List.of(manifest));
    }
}
