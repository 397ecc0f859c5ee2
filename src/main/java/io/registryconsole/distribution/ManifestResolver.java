package io.registryconsole.distribution;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a reference to the image manifest for a platform: GET with an explicit Accept, size capped, the body's
 * digest computed and compared with {@code Docker-Content-Digest} and with the digest the reference pins, an index
 * narrowed to the best-matching platform.
 */
final class ManifestResolver {

    /** A verified manifest body. */
    record Fetched(byte[] body, Digest digest, String contentType, Optional<RateLimit> rateLimit) {
    }

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;
    private final ClientOptions options;

    ManifestResolver(RequestExecutor executor, RegistryEndpoint endpoint, ClientOptions options) {
        this.executor = executor;
        this.endpoint = endpoint;
        this.options = options;
    }

    static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    ManifestHead head(Operation op, ImageReference ref) {
        String subject = ref.repository() + ":" + ref.manifestReference();
        Operation.Span span = op.start(Phase.MANIFEST, "HEAD " + subject);
        try {
            RequestSpec spec = RequestSpec.of("HEAD", endpoint.api(ref.repository() + "/manifests/" + ref.manifestReference()),
                    Phase.MANIFEST, StatusFailures.Target.MANIFEST, subject)
                    .registryAuth(pullScope(ref.repository()))
                    .header("Accept", MediaTypes.ACCEPT)
                    .passThrough(Set.of(404));
            Response r = executor.small(op, spec, 0);
            if (r.status() == 404) {
                // HEAD answers carry no error document; a GET tells a missing repository from a missing tag.
                fetch(op, ref.repository(), ref.manifestReference(), null);
                throw RegistryException.builder(Category.MANIFEST_NOT_FOUND, "no manifest " + subject).phase(Phase.MANIFEST)
                        .request(r.describe()).status(404).build();
            }
            Optional<Digest> digest = r.header("docker-content-digest").flatMap(ManifestResolver::digestHeader);
            if (digest.isPresent() && ref.digest().isPresent() && !digest.get().equals(ref.digest().get())) {
                throw RegistryException.builder(Category.DIGEST_MISMATCH, "the registry reports digest " + digest.get() + " for "
                        + subject).phase(Phase.MANIFEST).request(r.describe()).build();
            }
            long size = r.header("content-length").map(RateLimit::leadingNumber).orElse(OptionalLong.empty()).orElse(-1);
            ManifestHead head = new ManifestHead(ref, digest.or(ref::digest), MediaTypes.base(r.header("content-type").orElse("")), size,
                    RateLimit.from(r.headers()), List.of());
            span.end(0);
            return head;
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    /** Index (when there is one) and the platform's image manifest, both verified. */
    ResolvedManifest resolve(Operation op, ImageReference ref, Platform wanted) {
        Fetched top = fetchSpan(op, ref.repository(), ref.manifestReference(), ref.digest().orElse(null));
        String subject = ref.repository() + ":" + ref.manifestReference();
        ManifestDocument doc = ManifestDocument.parse(top.body(), top.contentType(), subject);
        if (doc instanceof ManifestDocument.Image image) {
            return new ResolvedManifest(ref, top.digest(), image.mediaType(), top.body().length, Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), image.config(), image.layers(), top.rateLimit(), List.of());
        }
        ManifestDocument.Index index = (ManifestDocument.Index) doc;
        List<Platform> available = index.manifests().stream().flatMap(d -> d.platform().stream())
                .filter(p -> !p.os().equals("unknown")).distinct().toList();
        Descriptor chosen = choose(index, wanted, subject, available);
        if (chosen.size() > options.maxManifestBytes()) {
            throw tooLarge(subject + "@" + chosen.digest(), chosen.size());
        }
        Fetched child = fetchSpan(op, ref.repository(), chosen.digest().toString(), chosen.digest());
        ManifestDocument childDoc = ManifestDocument.parse(child.body(), child.contentType(), ref.repository() + "@" + chosen.digest());
        if (!(childDoc instanceof ManifestDocument.Image image)) {
            throw RegistryException.builder(Category.UNSUPPORTED_MANIFEST, "the index entry for " + wanted + " of " + subject
                    + " is itself an index; nested indexes are not supported").phase(Phase.MANIFEST).build();
        }
        return new ResolvedManifest(ref, child.digest(), image.mediaType(), child.body().length, Optional.of(top.digest()),
                Optional.of(index.mediaType()), available, chosen.platform(), image.config(), image.layers(),
                child.rateLimit().or(top::rateLimit), List.of());
    }

    static Descriptor choose(ManifestDocument.Index index, Platform wanted, String subject, List<Platform> available) {
        Descriptor best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Descriptor d : index.manifests()) {
            if (d.platform().isEmpty()) {
                continue;
            }
            int score = wanted.matchScore(d.platform().get());
            if (score >= 0 && score < bestScore) {
                best = d;
                bestScore = score;
            }
        }
        if (best == null) {
            throw RegistryException.builder(Category.PLATFORM_NOT_FOUND, subject + " has no image for " + wanted + "; it offers "
                    + (available.isEmpty() ? "no platform at all" : available.stream().map(Platform::toString).collect(Collectors.joining(", "))))
                    .phase(Phase.MANIFEST).build();
        }
        return best;
    }

    private Fetched fetchSpan(Operation op, String repository, String reference, Digest expected) {
        Operation.Span span = op.start(Phase.MANIFEST, repository + (reference.contains(":") ? "@" : ":") + reference);
        try {
            Fetched f = fetch(op, repository, reference, expected);
            span.end(f.body().length);
            return f;
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    Fetched fetch(Operation op, String repository, String reference, Digest expected) {
        String subject = repository + (reference.contains(":") ? "@" : ":") + reference;
        RequestSpec spec = RequestSpec.of("GET", endpoint.api(repository + "/manifests/" + reference), Phase.MANIFEST,
                StatusFailures.Target.MANIFEST, subject)
                .registryAuth(pullScope(repository))
                .header("Accept", MediaTypes.ACCEPT);
        Response r;
        try {
            r = executor.small(op, spec, options.maxManifestBytes());
        } catch (RegistryException e) {
            throw e.category() == Category.MANIFEST_NOT_FOUND ? refineNotFound(op, repository, e) : e;
        }
        OptionalLong declared = r.header("content-length").map(RateLimit::leadingNumber).orElse(OptionalLong.empty());
        if (r.truncated() || (declared.isPresent() && declared.getAsLong() > options.maxManifestBytes())) {
            throw tooLarge(subject, declared.orElse(-1));
        }
        byte[] body = r.body();
        String algorithm = expected != null ? expected.algorithm() : "sha256";
        Digest computed = digest(algorithm, body);
        Optional<Digest> header = r.header("docker-content-digest").flatMap(ManifestResolver::digestHeader);
        if (header.isPresent()) {
            Digest inHeaderAlgorithm = header.get().algorithm().equals(algorithm) ? computed : digest(header.get().algorithm(), body);
            if (!inHeaderAlgorithm.equals(header.get())) {
                throw RegistryException.builder(Category.DIGEST_MISMATCH, "the manifest of " + subject + " hashes to " + inHeaderAlgorithm
                        + " but the registry says " + header.get() + " (Docker-Content-Digest)").phase(Phase.MANIFEST).request(r.describe()).build();
            }
        }
        if (expected != null && !computed.equals(expected)) {
            throw RegistryException.builder(Category.DIGEST_MISMATCH, "the manifest fetched for " + subject + " hashes to " + computed)
                    .phase(Phase.MANIFEST).request(r.describe()).build();
        }
        Digest reported = algorithm.equals("sha256") ? computed : digest("sha256", body);
        return new Fetched(body, expected != null ? expected : reported, r.header("content-type").orElse(""), RateLimit.from(r.headers()));
    }

    /**
     * distribution 2.8 answers MANIFEST_UNKNOWN also when the whole repository is missing; its tag list tells the
     * two apart (NAME_UNKNOWN), at the cost of one request and only when something is missing anyway.
     */
    private RegistryException refineNotFound(Operation op, String repository, RegistryException original) {
        if (original.registryErrorCode().filter("NAME_UNKNOWN"::equals).isPresent()) {
            return original;
        }
        try {
            RequestSpec spec = RequestSpec.of("GET", endpoint.api(repository + "/tags/list?n=1"), Phase.MANIFEST,
                    StatusFailures.Target.TAGS, repository)
                    .registryAuth(pullScope(repository))
                    .passThrough(Set.of(401, 403, 404));
            Response r = executor.small(op, spec, 64 * 1024);
            if (r.status() == 404) {
                ErrorBody error = r.error();
                return RegistryException.builder(Category.REPOSITORY_NOT_FOUND, "the repository " + repository + " does not exist"
                        + (error.message() != null ? ": " + error.message() : "")).phase(Phase.MANIFEST)
                        .request(original.request().orElse(r.describe())).status(404).registryError(error.code(), error.message())
                        .build();
            }
        } catch (RegistryException ignored) {
            // the refinement is a courtesy; the original answer stands
        }
        return original;
    }

    private RegistryException tooLarge(String subject, long size) {
        return RegistryException.builder(Category.TOO_LARGE, "the manifest " + subject + (size >= 0 ? " has " + size + " bytes," : " is")
                + " larger than the limit of " + options.maxManifestBytes() + " bytes").phase(Phase.MANIFEST).build();
    }

    private static Digest digest(String algorithm, byte[] body) {
        MessageDigest md = Digest.newMessageDigest(algorithm);
        return new Digest(algorithm, java.util.HexFormat.of().formatHex(md.digest(body)));
    }

    private static Optional<Digest> digestHeader(String value) {
        try {
            return Optional.of(Digest.parse(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static List<Platform> platformsOf(ManifestDocument.Index index) {
        List<Platform> list = new ArrayList<>();
        index.manifests().forEach(d -> d.platform().ifPresent(list::add));
        return list;
    }
}
