package io.registryconsole.distribution;

import java.util.List;
import java.util.Optional;

/**
 * A reference to content by digest, as manifests and indexes list them.
 *
 * @param platform for entries of an index
 * @param urls     for non-distributable ("foreign") layers
 */
public record Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform, List<String> urls) {

    public Descriptor {
        urls = List.copyOf(urls);
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size is negative");
        }
    }

    static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Optional.empty(), List.of());
    }
}
