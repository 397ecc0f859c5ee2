package io.registryconsole.distribution;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image manifest read for what it carries rather than to run it: a signature, an SBOM, an attestation. Unlike a
 * {@link ResolvedManifest} it keeps the annotations (cosign puts the signature into a layer's annotation).
 *
 * @param artifactType the manifest's {@code artifactType}, else its config media type
 * @param subject      the manifest it refers to ({@code subject} field of OCI 1.1), when it names one
 */
public record ArtifactManifest(Digest digest, String mediaType, String artifactType, Descriptor config, List<Layer> layers,
                               Optional<Digest> subject, Map<String, String> annotations) {

    public ArtifactManifest {
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
    }

    /** A layer with its annotations. */
    public record Layer(Descriptor descriptor, Map<String, String> annotations) {

        public Layer {
            annotations = Map.copyOf(annotations);
        }

        public String mediaType() {
            return descriptor.mediaType();
        }
    }
}
