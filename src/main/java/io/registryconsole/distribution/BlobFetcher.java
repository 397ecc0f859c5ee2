package io.registryconsole.distribution;

import java.io.IOException;

/**
 * Downloads and verifies one blob ({@code GET /v2/<name>/blobs/<digest>}). Redirects to storage back ends are
 * followed by the executor (without the registry's Authorization), retries restart the blob from the first byte
 * with a fresh digest and a freshly opened sink.
 */
final class BlobFetcher {

    private final RequestExecutor executor;
    private final RegistryEndpoint endpoint;
    private final ClientOptions options;

    BlobFetcher(RequestExecutor executor, RegistryEndpoint endpoint, ClientOptions options) {
        this.executor = executor;
        this.endpoint = endpoint;
        this.options = options;
    }

    /** @return the number of verified bytes */
    long fetch(Operation op, String repository, Descriptor descriptor, Phase phase, BlobSink sink) {
        return fetch(op, repository, descriptor, phase, sink, true);
    }

    /**
     * @param retryMidway whether a transfer that broke half-way may start again from the first byte (not when the
     *                    bytes already went on to a target)
     */
    long fetch(Operation op, String repository, Descriptor descriptor, Phase phase, BlobSink sink, boolean retryMidway) {
        return fetch(op, repository, descriptor, phase, sink, retryMidway, null);
    }

    /**
     * A download that continues a blob from {@code from} (a digest checkpoint): a ranged GET ({@code Range: bytes=N-});
     * a source that ignores the range and answers 200 is read from the first byte again, hashed from scratch, and the
     * bytes before {@code writeFrom} are skipped either way.
     *
     * @param checkpoints where the digest is copied as the bytes pass (for a later resume), or null
     */
    long fetchFrom(Operation op, String repository, Descriptor descriptor, Phase phase, BlobSink sink, DigestCheckpoints.Checkpoint from,
                   long writeFrom, DigestCheckpoints checkpoints) {
        return fetch(op, repository, descriptor, phase, sink, false, new Resume(from, writeFrom, checkpoints));
    }

    private record Resume(DigestCheckpoints.Checkpoint from, long writeFrom, DigestCheckpoints checkpoints) {
    }

    private long fetch(Operation op, String repository, Descriptor descriptor, Phase phase, BlobSink sink, boolean retryMidway, Resume resume) {
        Operation.Span span = op.start(phase, descriptor.digest().toString());
        long[] received = {0};
        java.util.concurrent.atomic.AtomicReference<BlobStream> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            RequestSpec spec = RequestSpec.of("GET", endpoint.api(repository + "/blobs/" + descriptor.digest()), phase,
                    StatusFailures.Target.BLOB, descriptor.digest().toString())
                    .registryAuth(ManifestResolver.pullScope(repository));
            if (!retryMidway) {
                spec.noBodyRetry();
            }
            long rangeStart = resume == null ? 0 : resume.from().offset();
            if (rangeStart > 0) {
                spec.header("Range", "bytes=" + rangeStart + "-");
            }
            java.util.concurrent.atomic.AtomicBoolean partial = new java.util.concurrent.atomic.AtomicBoolean();
            try {
                received[0] = executor.executeStreaming(op, spec, () -> {
                    BlobSink.BlobWriter writer = open(sink, descriptor, phase);
                    BlobStream.Continuation continuation = null;
                    if (resume != null) {
                        DigestCheckpoints.Checkpoint from = partial.get() ? resume.from() : new DigestCheckpoints.Checkpoint(0,
                                descriptor.digest().newMessageDigest());
                        continuation = new BlobStream.Continuation(from.offset(), from.digest(), resume.writeFrom(), resume.checkpoints());
                    }
                    BlobStream stream = new BlobStream(op, phase, descriptor, writer, options.idleTimeout().toNanos(), continuation);
                    last.set(stream);
                    return stream;
                }, response -> {
                    boolean ranged = rangeStart > 0 && response.statusCode() == 206;
                    partial.set(ranged);
                    return ranged ? checkRange(response, descriptor, rangeStart, phase) : checkLength(response, descriptor, phase);
                }, BlobStream::drain);
            } catch (RegistryException e) {
                throw truncation(e, last.get(), descriptor, phase);
            }
            span.end(received[0]);
            return received[0];
        } catch (RuntimeException e) {
            span.fail(e instanceof RegistryException re ? re.category() : Category.SERVER_ERROR, received[0]);
            throw e;
        }
    }

    /**
     * When the connection breaks right after the headers, the JDK client may report it on the response instead of the
     * body; either way the blob came in short, which is what the report must say.
     */
    private static RegistryException truncation(RegistryException e, BlobStream stream, Descriptor descriptor, Phase phase) {
        boolean connectionBroke = e.category() == Category.SERVER_ERROR && e.httpStatus().isEmpty() && e.registryErrorCode().isEmpty();
        if (!connectionBroke || stream == null || !stream.started()) {
            return e;
        }
        return RegistryException.builder(Category.SIZE_MISMATCH, "the connection closed before the " + descriptor.size()
                + " bytes of blob " + descriptor.digest() + " arrived").phase(phase).request(e.request().orElse(null)).cause(e).build();
    }

    /** A 206 must carry the range asked for: {@code Content-Range: bytes <start>-<size-1>/<size or *>}. */
    private static RegistryException checkRange(java.net.http.HttpResponse.ResponseInfo info, Descriptor descriptor, long start, Phase phase) {
        String range = info.headers().firstValue("content-range").orElse("").strip();
        String expected = "bytes " + start + "-" + (descriptor.size() - 1) + "/";
        if (!range.startsWith(expected)) {
            return RegistryException.builder(Category.SIZE_MISMATCH, "the registry answered a request for blob " + descriptor.digest()
                    + " from byte " + start + " with the range '" + range + "'").phase(phase).build();
        }
        var length = info.headers().firstValueAsLong("content-length");
        if (length.isPresent() && length.getAsLong() != descriptor.size() - start) {
            return RegistryException.builder(Category.SIZE_MISMATCH, "the registry sends " + length.getAsLong() + " bytes of blob "
                    + descriptor.digest() + " from byte " + start + ", " + (descriptor.size() - start) + " remain").phase(phase).build();
        }
        return null;
    }

    /** A declared Content-Length that differs from the descriptor is reported before any byte is read. */
    private static RegistryException checkLength(java.net.http.HttpResponse.ResponseInfo info, Descriptor descriptor, Phase phase) {
        var length = info.headers().firstValueAsLong("content-length");
        if (length.isPresent() && length.getAsLong() != descriptor.size()) {
            return RegistryException.builder(Category.SIZE_MISMATCH, "the registry sends " + length.getAsLong() + " bytes for blob "
                    + descriptor.digest() + ", its descriptor declares " + descriptor.size()).phase(phase).build();
        }
        return null;
    }

    private static BlobSink.BlobWriter open(BlobSink sink, Descriptor descriptor, Phase phase) {
        if (sink == null || sink == BlobSink.DISCARD) {
            return null;
        }
        try {
            return sink.open(descriptor);
        } catch (IOException e) {
            throw RegistryException.builder(Category.SERVER_ERROR, "cannot store blob " + descriptor.digest() + ": " + e.getMessage())
                    .phase(phase).cause(e).build();
        }
    }
}
