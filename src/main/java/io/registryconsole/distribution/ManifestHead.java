package io.registryconsole.distribution;

import java.util.List;
import java.util.Optional;

/**
 * What a {@code HEAD} of a manifest tells without downloading it (and without spending Docker Hub pull quota).
 *
 * @param digest    the registry's {@code Docker-Content-Digest}, when it sends one
 * @param mediaType the Content-Type: an index or an image manifest
 * @param size      Content-Length, or -1
 */
public record ManifestHead(ImageReference reference, Optional<Digest> digest, String mediaType, long size,
                           Optional<RateLimit> rateLimit, List<PhaseTiming> timings) {

    public ManifestHead {
        timings = List.copyOf(timings);
    }

    ManifestHead withTimings(List<PhaseTiming> newTimings) {
        return new ManifestHead(reference, digest, mediaType, size, rateLimit, newTimings);
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }
}
