package io.registryconsole.distribution;

import java.util.Map;
import java.util.Optional;

/**
 * A manifest that refers to an image manifest: a signature, an SBOM, an attestation or something else.
 *
 * @param artifactType the descriptor's {@code artifactType} (or the artifact's config media type); empty when unknown
 * @param tag          the tag it was found under (tag schema and cosign tags), empty for the referrers API
 */
public record Referrer(String mediaType, String artifactType, Digest digest, long size, Map<String, String> annotations,
                       ReferrerSource foundAt, Optional<String> tag, ReferrerKind kind) {

    public Referrer {
        annotations = Map.copyOf(annotations);
    }
}
