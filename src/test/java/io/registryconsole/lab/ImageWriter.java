package io.registryconsole.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.registryconsole.lab.LabImage.Descriptor;
import io.registryconsole.lab.LabImage.Layer;
import io.registryconsole.lab.LabImage.Manifest;
import io.registryconsole.lab.LabImage.Platform;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes images into an OCI image layout directory ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/*}) that {@code skopeo copy oci:<dir>:<ref> docker://...} can push. Layers are tar
 * archives built from {@link LayerFile}s, gzip-compressed or not; configs carry architecture, os, variant and
 * the rootfs diff_ids. Manifests can be OCI or Docker schema2 typed, so that a copy without conversion
 * keeps every digest the generator computed.
 */
public final class ImageWriter {

    /** Fixed timestamp for tar entries and configs: the same input gives the same digests. */
    static final long EPOCH_MILLIS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Which family of media types the manifests, configs and layers carry. */
    public enum Format {
        OCI(LabImage.OCI_MANIFEST, LabImage.OCI_INDEX, LabImage.OCI_CONFIG, LabImage.OCI_LAYER_GZIP),
        DOCKER(LabImage.DOCKER_MANIFEST, LabImage.DOCKER_LIST, LabImage.DOCKER_CONFIG, LabImage.DOCKER_LAYER_GZIP);

        final String manifest;
        final String index;
        final String config;
        final String gzipLayer;

        Format(String manifest, String index, String config, String gzipLayer) {
            this.manifest = manifest;
            this.index = index;
            this.config = config;
            this.gzipLayer = gzipLayer;
        }
    }

    /** A regular file in a layer. */
    public record LayerFile(String path, byte[] content, int mode) {

        public static LayerFile text(String path, String content) {
            return new LayerFile(path, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        /** {@code size} pseudo-random bytes, the same for the same seed. */
        public static LayerFile random(String path, long seed, int size) {
            byte[] bytes = new byte[size];
            fillRandom(new SplittableRandom(seed), bytes, size);
            return new LayerFile(path, bytes, 0755);
        }
    }

    private final Path dir;
    private final Path blobs;
    private final boolean dirTransport;
    private final List<Map<String, Object>> refs = new ArrayList<>();

    private ImageWriter(Path dir, boolean dirTransport) {
        this.dir = dir;
        this.dirTransport = dirTransport;
        this.blobs = dirTransport ? dir : dir.resolve("blobs").resolve("sha256");
    }

    /**
     * Starts a skopeo {@code dir:} directory in {@code dir}: one image, any manifest type. Needed for Docker
     * schema2 manifests and lists, which skopeo's {@code oci:} transport does not read from a layout.
     */
    public static ImageWriter createDirTransport(Path dir) {
        try {
            ImageWriter writer = new ImageWriter(dir, true);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("version"), "Directory Transport Version: 1.1\n");
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new layout in {@code dir} (created; must not hold another layout). */
    public static ImageWriter create(Path dir) {
        try {
            ImageWriter writer = new ImageWriter(dir, false);
            Files.createDirectories(writer.blobs);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            writer.writeIndexJson();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** A layer holding {@code files} (parent directories added), gzip-compressed when {@code gzip}. */
    public Layer layer(Format format, boolean gzip, List<LayerFile> files) {
        byte[] tar = tar(files);
        String diffId = sha256(tar);
        if (!gzip) {
            Descriptor blob = writeBlob(LabImage.OCI_LAYER_TAR, tar);
            return new Layer(blob.mediaType(), blob.digest(), blob.size(), diffId);
        }
        Descriptor blob = writeBlob(format.gzipLayer, gzip(tar));
        return new Layer(blob.mediaType(), blob.digest(), blob.size(), diffId);
    }

    /** Adds an already written blob file (moved into the layout) as a layer. */
    Layer layerFromFile(Path file, String mediaType, String digest, long size, String diffId) {
        try {
            Path target = blobs.resolve(hex(digest));
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            return new Layer(mediaType, digest, size, diffId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the config and the image manifest of one platform. */
    public Manifest image(Format format, Platform platform, List<Layer> layers, Map<String, String> labels) {
        return image(format, platform, layers, labels, "2024-01-01T00:00:00Z");
    }

    /** Like {@link #image(Format, Platform, List, Map)}, with the config's {@code created} time (RFC 3339). */
    public Manifest image(Format format, Platform platform, List<Layer> layers, Map<String, String> labels, String created) {
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", layers.stream().map(Layer::diffId).toList());
        Map<String, Object> runConfig = new LinkedHashMap<>();
        runConfig.put("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        runConfig.put("Cmd", List.of("/bin/sh"));
        runConfig.put("Labels", labels);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", created);
        config.put("architecture", platform.architecture());
        if (platform.variant() != null) {
            config.put("variant", platform.variant());
        }
        config.put("os", platform.os());
        config.put("config", runConfig);
        config.put("rootfs", rootfs);
        config.put("history", layers.stream()
            .map(l -> Map.of("created", "2024-01-01T00:00:00Z", "created_by", "registry lab generator"))
            .toList());
        Descriptor configBlob = writeBlob(format.config, JSON.writeValueAsBytes(config));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", format.manifest);
        manifest.put("config", descriptorJson(configBlob, null));
        manifest.put("layers", layers.stream().map(l -> descriptorJson(l.descriptor(), null)).toList());
        Descriptor manifestBlob = writeBlob(format.manifest, JSON.writeValueAsBytes(manifest));
        return new Manifest(platform, manifestBlob.mediaType(), manifestBlob.digest(), manifestBlob.size(),
            configBlob, layers);
    }

    /** Names a single-platform image {@code ref} in the layout (a {@code dir:} directory ignores the name). */
    public LabImage tag(Manifest manifest, String ref) {
        if (dirTransport) {
            copyBlob(manifest.digest(), dir.resolve("manifest.json"));
            return new LabImage(dir, null, manifest.mediaType(), manifest.digest(), manifest.size(),
                List.of(manifest));
        }
        addRef(manifest.descriptor(), ref);
        return new LabImage(dir, ref, manifest.mediaType(), manifest.digest(), manifest.size(), List.of(manifest));
    }

    /** Writes an index (or Docker manifest list) over {@code manifests} and names it {@code ref}. */
    public LabImage tagIndex(Format format, List<Manifest> manifests, String ref) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", format.index);
        index.put("manifests", manifests.stream().map(m -> descriptorJson(m.descriptor(), m.platform())).toList());
        Descriptor indexBlob = writeBlob(format.index, JSON.writeValueAsBytes(index));
        if (dirTransport) {
            copyBlob(indexBlob.digest(), dir.resolve("manifest.json"));
            manifests.forEach(m -> copyBlob(m.digest(), dir.resolve(hex(m.digest()) + ".manifest.json")));
            return new LabImage(dir, null, indexBlob.mediaType(), indexBlob.digest(), indexBlob.size(), manifests);
        }
        addRef(indexBlob, ref);
        return new LabImage(dir, ref, indexBlob.mediaType(), indexBlob.digest(), indexBlob.size(), manifests);
    }

    private void copyBlob(String digest, Path target) {
        try {
            Files.copy(blobs.resolve(hex(digest)), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Descriptor writeBlob(String mediaType, byte[] content) {
        String digest = sha256(content);
        try {
            Files.write(blobs.resolve(hex(digest)), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Descriptor(mediaType, digest, content.length);
    }

    private void addRef(Descriptor descriptor, String ref) {
        Map<String, Object> entry = descriptorJson(descriptor, null);
        entry.put("annotations", Map.of("org.opencontainers.image.ref.name", ref));
        synchronized (refs) {
            refs.add(entry);
            writeIndexJson();
        }
    }

    private void writeIndexJson() {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", refs);
        try {
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> descriptorJson(Descriptor descriptor, Platform platform) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mediaType", descriptor.mediaType());
        json.put("digest", descriptor.digest());
        json.put("size", descriptor.size());
        if (platform != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
            json.put("platform", p);
        }
        return json;
    }

    static byte[] tar(List<LayerFile> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new LinkedHashSet<>();
            for (LayerFile file : files) {
                String[] parts = file.path().split("/");
                StringBuilder parent = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    parent.append(parts[i]).append('/');
                    if (dirs.add(parent.toString())) {
                        tar.putArchiveEntry(entry(parent.toString(), 0755, 0));
                        tar.closeArchiveEntry();
                    }
                }
                tar.putArchiveEntry(entry(file.path(), file.mode(), file.content().length));
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TarArchiveEntry entry(String name, int mode, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode((name.endsWith("/") ? 040000 : 0100000) | mode);
        entry.setSize(size);
        entry.setModTime(EPOCH_MILLIS);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        return entry;
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // The JDK writes a fixed gzip header (no name, mtime 0), so the output is reproducible.
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Fills {@code length} bytes with the PRNG's output, eight bytes per call. */
    static void fillRandom(SplittableRandom random, byte[] buffer, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = random.nextLong();
            buffer[i] = (byte) v;
            buffer[i + 1] = (byte) (v >>> 8);
            buffer[i + 2] = (byte) (v >>> 16);
            buffer[i + 3] = (byte) (v >>> 24);
            buffer[i + 4] = (byte) (v >>> 32);
            buffer[i + 5] = (byte) (v >>> 40);
            buffer[i + 6] = (byte) (v >>> 48);
            buffer[i + 7] = (byte) (v >>> 56);
        }
        if (i < length) {
            long v = random.nextLong();
            for (; i < length; i++, v >>>= 8) {
                buffer[i] = (byte) v;
            }
        }
    }

    /** {@code sha256:<hex>} of {@code content}. */
    public static String sha256(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(newSha256().digest(content));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }
}
