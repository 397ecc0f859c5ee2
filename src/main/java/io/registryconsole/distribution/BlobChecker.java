package io.registryconsole.distribution;

import java.util.Set;

/** Whether the target already has a blob: {@code HEAD /v2/<name>/blobs/<digest>} (present blobs are skipped). */
final class BlobChecker {

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;

    BlobChecker(RequestExecutor executor, RegistryEndpoint endpoint) {
        this.executor = executor;
        this.endpoint = endpoint;
    }

    boolean exists(Operation op, String repository, Digest digest) {
        RequestSpec spec = RequestSpec.of("HEAD", endpoint.api(repository + "/blobs/" + digest), Phase.BLOB_UPLOAD,
                StatusFailures.Target.UPLOAD, repository + "@" + digest)
                .registryAuth(ImageCopier.pushScope(repository, null))
                .passThrough(Set.of(404));
        return executor.small(op, spec, 0).status() != 404;
    }
}
