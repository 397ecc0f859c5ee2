package io.registryconsole.distribution;

import java.util.List;
import java.util.Optional;

/**
 * An image manifest resolved for one platform, its digest verified.
 *
 * @param digest             digest of the image manifest for the chosen platform (what {@code docker pull} prints
 *                           as the digest of a single-platform image; for a multi-platform image the digest of the
 *                           platform's manifest)
 * @param mediaType          media type of that image manifest
 * @param size               bytes of that manifest
 * @param indexDigest        the digest of the index it was chosen from, when the reference named an index
 * @param indexMediaType     the index's media type, when there was one
 * @param platforms          every platform the index offers (empty for a single-platform image)
 * @param platform           the platform chosen from the index (empty for a single-platform image)
 * @param config             the image configuration blob
 * @param layers             the layer blobs, in order
 * @param rateLimit          rate-limit headers of the manifest response, when sent
 * @param timings            the phases so far (DNS, CONNECT, TLS, PING, AUTH, MANIFEST)
 */
public record ResolvedManifest(ImageReference reference, Digest digest, String mediaType, long size,
                               Optional<Digest> indexDigest, Optional<String> indexMediaType, List<Platform> platforms,
                               Optional<Platform> platform, Descriptor config, List<Descriptor> layers,
                               Optional<RateLimit> rateLimit, List<PhaseTiming> timings) {

    public ResolvedManifest {
        platforms = List.copyOf(platforms);
        layers = List.copyOf(layers);
        timings = List.copyOf(timings);
    }

    ResolvedManifest withTimings(List<PhaseTiming> newTimings) {
        return new ResolvedManifest(reference, digest, mediaType, size, indexDigest, indexMediaType, platforms, platform, config, layers,
                rateLimit, newTimings);
    }

    /** Config plus layers: what a full pull transfers. */
    public long contentBytes() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}
