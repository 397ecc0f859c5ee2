package io.registryconsole.lab;

import java.util.List;

/**
 * An image pushed into a lab registry under {@code repository:tag}, with what the generator computed for it.
 *
 * @param repository the repository, e.g. {@code multi/app}
 * @param tag        the tag, e.g. {@code 1.0}
 * @param image      digests and sizes of everything the registry should serve
 * @param corruption what was broken in the registry's storage after seeding; null for intact images
 */
public record SeededImage(String repository, String tag, LabImage image, Corruption corruption) {

    /** {@code repository:tag}. */
    public String reference() {
        return repository + ":" + tag;
    }

    /** Digest of the top-level manifest (index for multi-arch images). */
    public String digest() {
        return image.digest();
    }

    public String mediaType() {
        return image.mediaType();
    }

    public List<LabImage.Manifest> manifests() {
        return image.manifests();
    }

    /** The image manifest of a platform such as {@code linux/arm64/v8}. */
    public LabImage.Manifest manifest(String platform) {
        return image.manifest(platform);
    }

    /** The only image manifest of a single-platform image. */
    public LabImage.Manifest single() {
        return image.single();
    }

    public boolean isCorrupted() {
        return corruption != null;
    }

    /**
     * A layer blob damaged on the registry's disk after seeding.
     *
     * @param kind         {@link Kind#BYTES_CHANGED}: same length, different bytes (digest mismatch);
     *                     {@link Kind#TRUNCATED}: shorter than the manifest says (size mismatch)
     * @param layerDigest  the digest the manifest declares for the layer
     * @param expectedSize the size the manifest declares
     * @param actualSize   the size of the data file now (and the Content-Length the registry serves)
     */
    public record Corruption(Kind kind, String layerDigest, long expectedSize, long actualSize) {

        public enum Kind {
            BYTES_CHANGED, TRUNCATED
        }
    }
}
