package io.registryconsole.distribution;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Sends one blob from the source to an open upload session on the target while it downloads: the source's bytes go
 * through a {@link BlobPipe} into the upload's body, verified (size, digest) on the way by the source's
 * {@link BlobFetcher}. Small blobs in one {@code PUT ?digest=} (monolithic); larger ones in {@code PATCH} chunks with
 * {@code Content-Range}, then an empty {@code PUT ?digest=} that commits them (the registry checks the digest too).
 */
final class BlobPusher {

    private final RequestExecutor executor;
    private final ExecutorService downloads;
    private final long chunkBytes;

    BlobPusher(RequestExecutor executor, ExecutorService downloads, long chunkBytes) {
        this.executor = executor;
        this.downloads = downloads;
        this.chunkBytes = chunkBytes;
    }

    /** @return the bytes sent */
    long push(Operation op, BlobFetcher source, String sourceRepository, Descriptor blob, String repository, URI location) {
        BlobPipe pipe = new BlobPipe();
        String subject = repository + "@" + blob.digest();
        Operation.Span span = op.start(Phase.BLOB_UPLOAD, blob.digest().toString());
        CompletableFuture<Long> download = CompletableFuture.supplyAsync(
                () -> source.fetch(op, sourceRepository, blob, Phase.LAYER, descriptor -> pipe, false), downloads);
        download.whenComplete((bytes, failure) -> {
            if (failure != null) {
                pipe.abort();
            }
        });
        try {
            URI session = location;
            if (blob.size() > chunkBytes) {
                for (long offset = 0; offset < blob.size(); offset += chunkBytes) {
                    long length = Math.min(chunkBytes, blob.size() - offset);
                    InputStream part = new BoundedStream(pipe, length);
                    RequestSpec patch = RequestSpec.of("PATCH", session, Phase.BLOB_UPLOAD, StatusFailures.Target.UPLOAD, subject)
                            .registryAuth(ImageCopier.pushScope(repository, null))
                            .streamedBody(() -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> part), length),
                                    "application/octet-stream")
                            .header("Content-Range", offset + "-" + (offset + length - 1))
                            .timeout(uploadTimeout(op));
                    session = BlobMounter.location(executor.small(op, patch, 64 * 1024));
                }
                join(download); // commit only what the source's digest verified
                RequestSpec commit = RequestSpec.of("PUT", withDigest(session, blob.digest()), Phase.BLOB_UPLOAD,
                        StatusFailures.Target.UPLOAD, subject)
                        .registryAuth(ImageCopier.pushScope(repository, null))
                        .body(new byte[0], "application/octet-stream");
                executor.small(op, commit, 64 * 1024);
            } else {
                RequestSpec put = RequestSpec.of("PUT", withDigest(session, blob.digest()), Phase.BLOB_UPLOAD,
                        StatusFailures.Target.UPLOAD, subject)
                        .registryAuth(ImageCopier.pushScope(repository, null))
                        .streamedBody(() -> HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> pipe),
                                blob.size()), "application/octet-stream")
                        .timeout(uploadTimeout(op));
                executor.small(op, put, 64 * 1024);
            }
            long sent = join(download);
            span.end(sent);
            return sent;
        } catch (RegistryException e) {
            // When the source broke first, that is the story: the upload only failed because its body stopped.
            RegistryException failure = e;
            if (pipe.aborted()) {
                try {
                    join(download);
                } catch (RegistryException sourceFailure) {
                    failure = sourceFailure;
                }
            }
            pipe.close();
            span.fail(failure.category(), 0);
            throw failure;
        }
    }

    private static long join(CompletableFuture<Long> download) {
        try {
            return download.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RegistryException re) {
                throw re;
            }
            throw RegistryException.builder(Category.SERVER_ERROR, "the copy of a blob failed: " + e.getCause()).cause(e.getCause()).build();
        }
    }

    private static Duration uploadTimeout(Operation op) {
        return Duration.ofNanos(Math.max(1_000_000_000L, op.remainingNanos()));
    }

    static URI withDigest(URI session, Digest digest) {
        String s = session.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest);
    }

    /** The next {@code length} bytes of the pipe, for one PATCH; closing it leaves the pipe open. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the pipe goes on with the next chunk
        }
    }
}
