package io.registryconsole.lab;

import static io.registryconsole.lab.ImageWriter.LayerFile.random;
import static io.registryconsole.lab.ImageWriter.LayerFile.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.registryconsole.lab.ImageWriter.Format;
import io.registryconsole.lab.LabImage.Layer;
import io.registryconsole.lab.LabImage.Manifest;
import io.registryconsole.lab.LabImage.Platform;

/**
 * Generates the images every lab registry is seeded with. Content is deterministic (fixed seeds and
 * timestamps) but each image has layers of its own, so damaging one blob on disk affects one image only.
 */
final class StandardImages {

    private static final Platform AMD64 = new Platform("linux", "amd64", null);
    private static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    private StandardImages() {
    }

    /** Generates every lab image under {@code dir}, keyed by the {@code repository:tag} it is seeded as. */
    static Map<String, LabImage> generate(Path dir) {
        Map<String, LabImage> images = new LinkedHashMap<>();

        ImageWriter alpine = ImageWriter.create(dir.resolve("alpine-test"));
        images.put(RegistryLab.ALPINE, alpine.tag(alpine.image(Format.OCI, AMD64, List.of(
            alpine.layer(Format.OCI, true, List.of(text("etc/os-release", "NAME=\"Alpine Test\"\nVERSION_ID=3.19\n"),
                random("bin/busybox", 1, 48 * 1024))),
            alpine.layer(Format.OCI, true, List.of(text("etc/motd", "registry lab alpine-test 3.19\n")))),
            Map.of("org.opencontainers.image.title", "alpine-test")), "3.19"));

        ImageWriter multi = ImageWriter.create(dir.resolve("multi-app"));
        Layer shared = multi.layer(Format.OCI, true, List.of(text("app/config.properties", "greeting=hello\n")));
        List<Manifest> platforms = new ArrayList<>();
        for (Platform platform : List.of(AMD64, ARM64)) {
            Layer base = multi.layer(Format.OCI, true, List.of(
                text("etc/arch", platform.toString() + "\n"),
                random("app/bin/app", platform.architecture().hashCode(), 32 * 1024)));
            platforms.add(multi.image(Format.OCI, platform, List.of(base, shared),
                Map.of("org.opencontainers.image.title", "multi-app")));
        }
        images.put(RegistryLab.MULTI_ARCH, multi.tagIndex(Format.OCI, platforms, "1.0"));

        ImageWriter schema2 = ImageWriter.createDirTransport(dir.resolve("schema2"));
        images.put(RegistryLab.SCHEMA2, schema2.tag(schema2.image(Format.DOCKER, AMD64, List.of(
            schema2.layer(Format.DOCKER, true, List.of(random("usr/lib/libdocker.so", 4, 24 * 1024))),
            schema2.layer(Format.DOCKER, true, List.of(text("etc/schema", "docker schema2\n")))),
            Map.of()), "latest"));

        ImageWriter list = ImageWriter.createDirTransport(dir.resolve("docker-list"));
        List<Manifest> listed = new ArrayList<>();
        for (Platform platform : List.of(AMD64, ARM64)) {
            listed.add(list.image(Format.DOCKER, platform, List.of(list.layer(Format.DOCKER, true, List.of(
                random("bin/tool", 100 + platform.architecture().hashCode(), 20 * 1024)))), Map.of()));
        }
        images.put(RegistryLab.DOCKER_LIST, list.tagIndex(Format.DOCKER, listed, "1.0"));

        ImageWriter tags = ImageWriter.create(dir.resolve("tags-app"));
        Layer tagsBase = tags.layer(Format.OCI, true, List.of(random("app/lib.bin", 7, 16 * 1024)));
        for (String tag : RegistryLab.TAGS_APP_TAGS) {
            String version = tag.equals("latest") ? "2.0" : tag;
            Manifest manifest = tags.image(Format.OCI, AMD64, List.of(tagsBase,
                tags.layer(Format.OCI, true, List.of(text("app/VERSION", version + "\n")))), Map.of("version", version));
            images.put(RegistryLab.TAGS_APP + ":" + tag, tags.tag(manifest, tag));
        }

        ImageWriter broken = ImageWriter.create(dir.resolve("broken-layer"));
        images.put(RegistryLab.BROKEN_DIGEST, broken.tag(broken.image(Format.OCI, AMD64, List.of(
            broken.layer(Format.OCI, true, List.of(text("etc/broken", "digest\n"))),
            broken.layer(Format.OCI, true, List.of(random("data/to-be-changed.bin", 5, 64 * 1024)))),
            Map.of()), "digest"));
        images.put(RegistryLab.BROKEN_SIZE, broken.tag(broken.image(Format.OCI, AMD64, List.of(
            broken.layer(Format.OCI, true, List.of(text("etc/broken", "size\n"))),
            broken.layer(Format.OCI, true, List.of(random("data/to-be-truncated.bin", 6, 64 * 1024)))),
            Map.of()), "size"));

        ImageWriter access = ImageWriter.create(dir.resolve("access"));
        images.put(RegistryLab.PRIVATE, access.tag(access.image(Format.OCI, AMD64, List.of(
            access.layer(Format.OCI, true, List.of(text("secret.txt", "only alice may pull this\n")))), Map.of()),
            "secret-1.0"));
        images.put(RegistryLab.PUBLIC, access.tag(access.image(Format.OCI, AMD64, List.of(
            access.layer(Format.OCI, true, List.of(text("hello.txt", "anyone may pull this\n")))), Map.of()),
            "hello-1.0"));
        return images;
    }
}
