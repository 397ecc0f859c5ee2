package io.registryconsole.distribution;

import java.net.URI;
import java.util.Optional;

/**
 * Starts a blob upload on the target ({@code POST /v2/<name>/blobs/uploads/}), first asking for a cross-repository
 * mount ({@code ?mount=<digest>&from=<repository>}) when the blob is known to be in another repository of the same
 * registry: a 201 means the registry linked it without a byte sent; a 202 means it cannot (other repository not
 * readable, a registry without mounts) and opened an ordinary upload instead.
 */
final class BlobMounter {

    /** Either mounted, or an upload session to send the bytes to. */
    record Started(boolean mounted, URI location) {
    }

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;

    BlobMounter(RequestExecutor executor, RegistryEndpoint endpoint) {
        this.executor = executor;
        this.endpoint = endpoint;
    }

    Started start(Operation op, String repository, Digest digest, Optional<String> mountFrom) {
        String path = repository + "/blobs/uploads/" + mountFrom.map(from -> "?mount=" + digest + "&from=" + from).orElse("");
        RequestSpec spec = RequestSpec.of("POST", endpoint.api(path), Phase.BLOB_UPLOAD, StatusFailures.Target.UPLOAD,
                repository + "@" + digest)
                .registryAuth(ImageCopier.pushScope(repository, mountFrom.orElse(null)))
                .body(new byte[0], "application/octet-stream");
        Response r = executor.small(op, spec, 64 * 1024);
        if (r.status() == 201 && mountFrom.isPresent()) {
            return new Started(true, null);
        }
        return new Started(false, location(r));
    }

    /** The upload session's URL from a 202 (relative locations resolve against the request). */
    static URI location(Response r) {
        String value = r.header("location").orElseThrow(() -> RegistryException.builder(Category.TARGET_REJECTED,
                "the target registry answered " + r.status() + " to " + r.describe() + " without an upload Location")
                .phase(Phase.BLOB_UPLOAD).request(r.describe()).status(r.status()).build());
        try {
            return r.uri().resolve(value.strip());
        } catch (IllegalArgumentException e) {
            throw RegistryException.builder(Category.TARGET_REJECTED, "the target registry sent an unusable upload Location")
                    .phase(Phase.BLOB_UPLOAD).request(r.describe()).status(r.status()).build();
        }
    }
}
