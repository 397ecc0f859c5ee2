package io.registryconsole.distribution;

import java.util.Optional;

/**
 * Puts a manifest or index byte for byte ({@code PUT /v2/<name>/manifests/<tag or digest>}), so its digest on the
 * target is the source's; the target's {@code Docker-Content-Digest} is checked against it.
 */
final class ManifestPusher {

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;

    ManifestPusher(RequestExecutor executor, RegistryEndpoint endpoint) {
        this.executor = executor;
        this.endpoint = endpoint;
    }

    void put(Operation op, String repository, String reference, byte[] body, String mediaType, Digest digest) {
        String subject = repository + (reference.contains(":") ? "@" : ":") + reference;
        Operation.Span span = op.start(Phase.MANIFEST_PUT, subject);
        try {
            RequestSpec spec = RequestSpec.of("PUT", endpoint.api(repository + "/manifests/" + reference), Phase.MANIFEST_PUT,
                    StatusFailures.Target.MANIFEST_PUT, subject)
                    .registryAuth(ImageCopier.pushScope(repository, null))
                    .body(body, mediaType);
            Response r = executor.small(op, spec, 64 * 1024);
            Optional<String> stored = r.header("docker-content-digest").map(String::strip);
            if (stored.isPresent() && !stored.get().equals(digest.toString())) {
                throw RegistryException.builder(Category.DIGEST_MISMATCH, "the target stored " + subject + " as " + stored.get()
                        + ", not as the source's " + digest).phase(Phase.MANIFEST_PUT).request(r.describe()).build();
            }
            span.end(body.length);
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }
}
