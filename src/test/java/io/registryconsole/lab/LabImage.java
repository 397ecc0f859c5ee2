package io.registryconsole.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the generator wrote for one image, i.e. what a registry must serve after seeding: the top-level
 * manifest (an image manifest, or an index / manifest list for multi-arch images) and, per platform,
 * the image manifest with its config and layers. All digests and sizes are computed from the bytes the
 * generator wrote, never read back from a registry.
 *
 * @param layout    the OCI image layout (or skopeo {@code dir:} directory) holding the image
 * @param layoutRef the reference of the image inside an OCI layout ({@code oci:<layout>:<layoutRef>}); null
 *                  for a {@code dir:} directory
 * @param mediaType media type of the top-level manifest
 * @param digest    digest of the top-level manifest ({@code sha256:...}), what {@code skopeo inspect} shows
 * @param size      byte size of the top-level manifest
 * @param manifests the image manifests: one for a single-platform image, one per platform for an index
 */
public record LabImage(Path layout, String layoutRef, String mediaType, String digest, long size,
        List<Manifest> manifests) {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public LabImage {
        manifests = List.copyOf(manifests);
    }

    /** The image as a skopeo source: {@code oci:<layout>:<ref>} or {@code dir:<directory>}. */
    public String skopeoSource() {
        return layoutRef == null ? "dir:" + layout : "oci:" + layout + ":" + layoutRef;
    }

    /** True when the top-level manifest is an OCI index or a Docker manifest list. */
    public boolean isIndex() {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_LIST);
    }

    /** The only image manifest of a single-platform image. */
    public Manifest single() {
        if (manifests.size() != 1) {
            throw new IllegalStateException("image has " + manifests.size() + " platforms; use manifest(platform)");
        }
        return manifests.get(0);
    }

    /** The image manifest for a platform such as {@code linux/amd64} or {@code linux/arm64/v8}. */
    public Manifest manifest(String platform) {
        return manifests.stream()
            .filter(m -> m.platform().toString().equals(platform))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no manifest for " + platform + " in " + manifests));
    }

    /** Sum of the (compressed) layer sizes over all platforms. */
    public long totalLayerBytes() {
        return manifests.stream().flatMap(m -> m.layers().stream()).mapToLong(Layer::size).sum();
    }

    /** An OCI platform; {@code variant} may be null. */
    public record Platform(String os, String architecture, String variant) {

        public Platform {
            Objects.requireNonNull(os);
            Objects.requireNonNull(architecture);
        }

        /** Parses {@code os/arch[/variant]}. */
        public static Platform parse(String text) {
            String[] parts = text.split("/");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("platform must be os/arch[/variant]: " + text);
            }
            return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        }

        @Override
        public String toString() {
            return os + "/" + architecture + (variant == null ? "" : "/" + variant);
        }
    }

    /** A blob reference inside a manifest. */
    public record Descriptor(String mediaType, String digest, long size) {
    }

    /**
     * One layer: its blob as stored in the registry ({@code digest}, {@code size}) and the digest of the
     * uncompressed tar ({@code diffId}, listed in the config's rootfs).
     */
    public record Layer(String mediaType, String digest, long size, String diffId) {

        public Descriptor descriptor() {
            return new Descriptor(mediaType, digest, size);
        }
    }

    /** An image manifest for one platform. */
    public record Manifest(Platform platform, String mediaType, String digest, long size, Descriptor config,
            List<Layer> layers) {

        public Manifest {
            layers = List.copyOf(layers);
        }

        public Descriptor descriptor() {
            return new Descriptor(mediaType, digest, size);
        }
    }
}
