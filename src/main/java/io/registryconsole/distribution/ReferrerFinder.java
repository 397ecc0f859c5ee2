package io.registryconsole.distribution;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Finds what refers to a manifest: the OCI 1.1 referrers API, else its tag schema ({@code sha256-<hex>} holding an
 * index), and always cosign's tags ({@code sha256-<hex>.sig/.att/.sbom}), which cosign keeps writing for registries
 * without the API. distribution 2.8 (Docker's registry:2, Debian's docker-registry) has no referrers API, so the two
 * tag paths are what most self-hosted registries serve.
 */
final class ReferrerFinder {

    static final String NOTATION_SIGNATURE = "application/vnd.cncf.notary.signature";
    static final String COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    static final String SIGSTORE_BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
    static final String SIGSTORE_PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";
    static final String SIGSTORE_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

    /** A manifest body whose digest was checked, or nothing when the registry has no such manifest. */
    record Body(byte[] bytes, Digest digest, String contentType) {
    }

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;
    private final ClientOptions options;

    ReferrerFinder(RequestExecutor executor, RegistryEndpoint endpoint, ClientOptions options) {
        this.executor = executor;
        this.endpoint = endpoint;
        this.options = options;
    }

    List<Referrer> find(Operation op, String repository, Digest subject, String artifactType) {
        Map<Digest, Referrer> found = new LinkedHashMap<>();
        Optional<List<Referrer>> api = referrersApi(op, repository, subject, artifactType);
        List<Referrer> listed = api.isPresent() ? api.get() : tagSchema(op, repository, subject, artifactType);
        listed.forEach(r -> found.putIfAbsent(r.digest(), r));
        for (String suffix : List.of("sig", "att", "sbom")) {
            String tag = subject.algorithm() + "-" + subject.hex() + "." + suffix;
            get(op, repository, tag).ifPresent(body -> {
                Referrer r = fromTag(body, tag, suffix);
                if (matches(r, artifactType)) {
                    found.putIfAbsent(r.digest(), r);
                }
            });
        }
        return List.copyOf(found.values());
    }

    /** The referrers API's answer, or empty when the registry does not offer the API (404 and friends). */
    private Optional<List<Referrer>> referrersApi(Operation op, String repository, Digest subject, String artifactType) {
        String query = artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8);
        URI next = endpoint.api(repository + "/referrers/" + subject + query);
        List<Referrer> list = new ArrayList<>();
        for (int page = 0; next != null && page < 20; page++) {
            RequestSpec spec = RequestSpec.of("GET", next, Phase.MANIFEST, StatusFailures.Target.MANIFEST, repository + " referrers of " + subject)
                    .registryAuth(ManifestResolver.pullScope(repository))
                    .header("Accept", MediaTypes.OCI_INDEX)
                    .passThrough(Set.of(400, 404, 405, 406, 501));
            Response r = executor.small(op, spec, options.maxManifestBytes());
            Optional<JsonNode> index = r.status() == 200 ? Json.parse(r.body()).filter(n -> n.path("manifests").isArray()) : Optional.empty();
            if (index.isEmpty()) {
                return page == 0 ? Optional.empty() : Optional.of(list);
            }
            // a registry that ignored the filter says so by leaving out OCI-Filters-Applied; then filter here
            boolean filtered = r.header("oci-filters-applied").filter(v -> v.contains("artifactType")).isPresent();
            for (Referrer referrer : entries(index.get(), ReferrerSource.REFERRERS_API, null)) {
                if (filtered || matches(referrer, artifactType)) {
                    list.add(referrer);
                }
            }
            next = RegistryClient.nextPage(r, endpoint);
        }
        return Optional.of(list);
    }

    private List<Referrer> tagSchema(Operation op, String repository, Digest subject, String artifactType) {
        String tag = subject.algorithm() + "-" + subject.hex();
        Optional<Body> body = get(op, repository, tag);
        if (body.isEmpty()) {
            return List.of();
        }
        Optional<JsonNode> index = Json.parse(body.get().bytes()).filter(n -> n.path("manifests").isArray());
        if (index.isEmpty()) {
            return List.of(); // a tag of that name that is no index is not the schema
        }
        return entries(index.get(), ReferrerSource.REFERRERS_TAG, tag).stream().filter(r -> matches(r, artifactType)).toList();
    }

    private static List<Referrer> entries(JsonNode index, ReferrerSource source, String tag) {
        List<Referrer> list = new ArrayList<>();
        for (JsonNode m : index.get("manifests")) {
            Optional<Digest> digest = Json.text(m, "digest").flatMap(ReferrerFinder::digest);
            if (digest.isEmpty()) {
                continue;
            }
            String mediaType = Json.text(m, "mediaType").orElse("");
            String artifactType = Json.text(m, "artifactType").orElse("");
            Map<String, String> annotations = annotations(m);
            list.add(new Referrer(mediaType, artifactType, digest.get(), Math.max(0, Json.number(m, "size").orElse(0)), annotations,
                    source, Optional.ofNullable(tag), classify(artifactType, annotations, null, List.of())));
        }
        return list;
    }

    private static Referrer fromTag(Body body, String tag, String suffix) {
        Optional<JsonNode> root = Json.parse(body.bytes());
        String mediaType = root.flatMap(n -> Json.text(n, "mediaType")).orElse(MediaTypes.base(body.contentType()));
        String artifactType = root.flatMap(n -> Json.text(n, "artifactType"))
                .or(() -> root.flatMap(n -> Json.text(n.path("config"), "mediaType"))).orElse("");
        List<String> layerTypes = new ArrayList<>();
        root.map(n -> n.path("layers")).filter(JsonNode::isArray).ifPresent(ls -> ls.forEach(l -> Json.text(l, "mediaType").ifPresent(layerTypes::add)));
        Map<String, String> annotations = root.map(ReferrerFinder::annotations).orElse(Map.of());
        return new Referrer(mediaType, artifactType, body.digest(), body.bytes().length, annotations, ReferrerSource.COSIGN_TAG,
                Optional.of(tag), classify(artifactType, annotations, suffix, layerTypes));
    }

    /**
     * By cosign's tag suffix first (it says what cosign wrote), then by artifact type, then by layer media type.
     */
    static ReferrerKind classify(String artifactType, Map<String, String> annotations, String tagSuffix, List<String> layerMediaTypes) {
        if ("sig".equals(tagSuffix)) {
            return ReferrerKind.COSIGN_SIGNATURE;
        }
        if ("att".equals(tagSuffix)) {
            return ReferrerKind.ATTESTATION;
        }
        if ("sbom".equals(tagSuffix)) {
            return ReferrerKind.SBOM;
        }
        String type = artifactType == null ? "" : artifactType.toLowerCase(Locale.ROOT);
        if (type.equals(NOTATION_SIGNATURE)) {
            return ReferrerKind.NOTATION_SIGNATURE;
        }
        if (type.equals(COSIGN_SIMPLE_SIGNING) || annotations.containsKey(COSIGN_SIGNATURE_ANNOTATION)
                || layerMediaTypes.contains(COSIGN_SIMPLE_SIGNING)) {
            return ReferrerKind.COSIGN_SIGNATURE;
        }
        if (type.startsWith(SIGSTORE_BUNDLE_PREFIX)) {
            // cosign 2.x stores signatures and attestations alike as bundles; the predicate type tells them apart
            return SIGSTORE_SIGN_PREDICATE.equals(annotations.get(SIGSTORE_PREDICATE_ANNOTATION))
                    ? ReferrerKind.COSIGN_SIGNATURE : ReferrerKind.ATTESTATION;
        }
        if (type.contains("in-toto") || type.contains("dsse") || layerMediaTypes.stream().anyMatch(t -> t.contains("dsse"))) {
            return ReferrerKind.ATTESTATION;
        }
        if (type.contains("spdx") || type.contains("cyclonedx") || type.contains("syft") || type.contains("sbom")) {
            return ReferrerKind.SBOM;
        }
        return ReferrerKind.OTHER;
    }

    private static boolean matches(Referrer r, String artifactType) {
        return artifactType == null || artifactType.equals(r.artifactType());
    }

    /** An artifact manifest by digest, with its annotations; the digest is verified. */
    ArtifactManifest artifact(Operation op, String repository, Digest digest) {
        Body body = get(op, repository, digest.toString()).orElseThrow(() -> RegistryException.builder(Category.MANIFEST_NOT_FOUND,
                "no manifest " + repository + "@" + digest).phase(Phase.MANIFEST).status(404).build());
        if (!body.digest().equals(digest)) {
            throw RegistryException.builder(Category.DIGEST_MISMATCH, "the manifest fetched for " + repository + "@" + digest + " hashes to "
                    + body.digest()).phase(Phase.MANIFEST).build();
        }
        JsonNode root = Json.parse(body.bytes()).filter(JsonNode::isObject).orElseThrow(() -> RegistryException.builder(
                Category.UNSUPPORTED_MANIFEST, repository + "@" + digest + " is not a JSON manifest").phase(Phase.MANIFEST).build());
        String subjectName = repository + "@" + digest;
        Descriptor config = root.path("config").isObject() ? descriptor(root.get("config"), subjectName)
                : Descriptor.of("", digest, 0);
        List<ArtifactManifest.Layer> layers = new ArrayList<>();
        JsonNode ls = root.path("layers").isArray() ? root.get("layers") : root.path("blobs");
        if (ls.isArray()) {
            for (JsonNode l : ls) {
                layers.add(new ArtifactManifest.Layer(descriptor(l, subjectName), annotations(l)));
            }
        }
        String mediaType = Json.text(root, "mediaType").map(MediaTypes::base).orElse(MediaTypes.base(body.contentType()));
        String artifactType = Json.text(root, "artifactType").orElse(config.mediaType());
        Optional<Digest> subject = Json.text(root.path("subject"), "digest").flatMap(ReferrerFinder::digest);
        return new ArtifactManifest(digest, mediaType, artifactType, config, layers, subject, annotations(root));
    }

    /** {@code GET} a manifest by tag or digest; empty on 404. The body's digest is checked against the registry's header. */
    Optional<Body> get(Operation op, String repository, String reference) {
        String subject = repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
        RequestSpec spec = RequestSpec.of("GET", endpoint.api(repository + "/manifests/" + reference), Phase.MANIFEST,
                StatusFailures.Target.MANIFEST, subject)
                .registryAuth(ManifestResolver.pullScope(repository))
                .header("Accept", MediaTypes.ACCEPT)
                .passThrough(Set.of(404));
        Response r = executor.small(op, spec, options.maxManifestBytes());
        if (r.status() == 404) {
            return Optional.empty();
        }
        OptionalLong declared = r.header("content-length").map(RateLimit::leadingNumber).orElse(OptionalLong.empty());
        if (r.truncated() || (declared.isPresent() && declared.getAsLong() > options.maxManifestBytes())) {
            throw RegistryException.builder(Category.TOO_LARGE, "the manifest " + subject + " is larger than the limit of "
                    + options.maxManifestBytes() + " bytes").phase(Phase.MANIFEST).build();
        }
        Digest computed = Digest.sha256(r.body());
        Optional<Digest> header = r.header("docker-content-digest").flatMap(v -> digest(v.strip()));
        if (header.isPresent() && header.get().algorithm().equals("sha256") && !header.get().equals(computed)) {
            throw RegistryException.builder(Category.DIGEST_MISMATCH, "the manifest of " + subject + " hashes to " + computed
                    + " but the registry says " + header.get() + " (Docker-Content-Digest)").phase(Phase.MANIFEST).request(r.describe()).build();
        }
        return Optional.of(new Body(r.body(), computed, r.header("content-type").orElse("")));
    }

    private static Descriptor descriptor(JsonNode node, String subject) {
        Digest d = Json.text(node, "digest").flatMap(ReferrerFinder::digest).orElseThrow(() -> RegistryException.builder(
                Category.UNSUPPORTED_MANIFEST, subject + " lists content without a valid digest").phase(Phase.MANIFEST).build());
        long size = Json.number(node, "size").orElse(-1);
        if (size < 0) {
            throw RegistryException.builder(Category.UNSUPPORTED_MANIFEST, subject + " lists " + d + " without a valid size")
                    .phase(Phase.MANIFEST).build();
        }
        return Descriptor.of(Json.text(node, "mediaType").orElse(""), d, size);
    }

    private static Map<String, String> annotations(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode a = node.get("annotations");
        if (a != null && a.isObject()) {
            a.properties().forEach(e -> {
                if (e.getValue().isString()) {
                    map.put(e.getKey(), e.getValue().stringValue());
                }
            });
        }
        return map;
    }

    private static Optional<Digest> digest(String value) {
        try {
            return Optional.of(Digest.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
