package io.registryconsole.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * A parsed manifest: either an index (OCI index / Docker manifest list) or an image manifest (OCI / Docker schema 2).
 * Anything else — schema 1, non-JSON, a document missing its parts — is reported as UNSUPPORTED_MANIFEST.
 */
sealed interface ManifestDocument {

    String mediaType();

    record Index(String mediaType, List<Descriptor> manifests) implements ManifestDocument {
    }

    record Image(String mediaType, Descriptor config, List<Descriptor> layers) implements ManifestDocument {
    }

    static ManifestDocument parse(byte[] body, String contentType, String subject) {
        JsonNode root = Json.parse(body).filter(JsonNode::isObject).orElseThrow(() ->
                unsupported(subject + " is not a JSON manifest (Content-Type " + MediaTypes.base(contentType) + ")"));
        String headerType = MediaTypes.base(contentType);
        String mediaType = Json.text(root, "mediaType").map(MediaTypes::base).orElse(headerType);
        long schemaVersion = Json.number(root, "schemaVersion").orElse(-1);
        if (schemaVersion == 1 || MediaTypes.isSchema1(mediaType) || MediaTypes.isSchema1(headerType)) {
            throw unsupported(subject + " is a Docker schema 1 manifest; schema 1 is deprecated and no longer pulled by docker. "
                    + "Push the image again with a current client (it then becomes schema 2 or OCI)");
        }
        if (schemaVersion != 2) {
            throw unsupported(subject + " has schemaVersion " + schemaVersion + "; only schema 2 and OCI manifests are supported");
        }
        JsonNode manifests = root.get("manifests");
        if (MediaTypes.isIndex(mediaType) || (manifests != null && manifests.isArray() && root.get("layers") == null)) {
            if (manifests == null || !manifests.isArray()) {
                throw unsupported(subject + " is an index without a manifests list");
            }
            List<Descriptor> list = new ArrayList<>();
            for (JsonNode m : manifests) {
                list.add(descriptor(m, subject, true));
            }
            return new Index(mediaType.isEmpty() ? MediaTypes.OCI_INDEX : mediaType, List.copyOf(list));
        }
        JsonNode config = root.get("config");
        JsonNode layers = root.get("layers");
        if (config == null || !config.isObject() || layers == null || !layers.isArray()) {
            throw unsupported(subject + " (" + (mediaType.isEmpty() ? "no media type" : mediaType) + ") is neither an image manifest nor an index");
        }
        List<Descriptor> list = new ArrayList<>();
        for (JsonNode l : layers) {
            list.add(descriptor(l, subject, false));
        }
        return new Image(mediaType.isEmpty() ? MediaTypes.OCI_MANIFEST : mediaType, descriptor(config, subject, false), List.copyOf(list));
    }

    private static Descriptor descriptor(JsonNode node, String subject, boolean withPlatform) {
        String mediaType = Json.text(node, "mediaType").orElse("");
        String digestText = Json.text(node, "digest").orElseThrow(() -> unsupported(subject + " lists content without a digest"));
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw unsupported(subject + " lists an invalid digest: " + e.getMessage());
        }
        long size = Json.number(node, "size").orElse(-1);
        if (size < 0) {
            throw unsupported(subject + " lists " + digest + " without a valid size");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = node.get("platform");
        if (withPlatform && p != null && p.isObject()) {
            Optional<String> os = Json.text(p, "os");
            Optional<String> arch = Json.text(p, "architecture");
            if (os.isPresent() && arch.isPresent() && !os.get().isBlank() && !arch.get().isBlank()) {
                platform = Optional.of(new Platform(os.get(), arch.get(), Json.text(p, "variant").orElse("")));
            }
        }
        List<String> urls = new ArrayList<>();
        JsonNode u = node.get("urls");
        if (u != null && u.isArray()) {
            for (JsonNode url : u) {
                if (url.isString()) {
                    urls.add(url.stringValue());
                }
            }
        }
        return new Descriptor(mediaType, digest, size, platform, urls);
    }

    private static RegistryException unsupported(String message) {
        return RegistryException.builder(Category.UNSUPPORTED_MANIFEST, message).phase(Phase.MANIFEST).build();
    }
}
