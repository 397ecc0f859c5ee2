package io.registryconsole.distribution;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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

    /** Resumes of one chunked upload after broken connections, before the blob starts again as a whole. */
    static final int MAX_RESUMES = 3;
    /** Digest checkpoints at most this far apart (chunk boundaries are always among them). */
    private static final long CHECKPOINT_STEP = 8L * 1024 * 1024;

    /** One download of the blob (or of its rest) into the pipe the upload reads. */
    private record Download(BlobPipe pipe, CompletableFuture<Long> future) {
        /** Stops it (the upload will not read on) and waits until its thread let go. */
        void stop() {
            pipe.close();
            try {
                future.join();
            } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
                // it failed because the pipe closed: expected
            }
        }
    }

    /** @return the bytes sent */
    long push(Operation op, BlobFetcher source, String sourceRepository, Descriptor blob, String repository, URI location) {
        String subject = repository + "@" + blob.digest();
        Operation.Span span = op.start(Phase.BLOB_UPLOAD, blob.digest().toString());
        boolean chunked = blob.size() > chunkBytes;
        DigestCheckpoints checkpoints = chunked ? new DigestCheckpoints(Math.min(chunkBytes, CHECKPOINT_STEP)) : null;
        Download download = chunked ? start(op, source, sourceRepository, blob, checkpoints.floor(0, blob.digest()), 0, checkpoints)
                : start(op, source, sourceRepository, blob, null, 0, null);
        boolean stoppedHere = false; // the download failed because this thread stopped it (to resume), not on its own
        try {
            if (chunked) {
                URI session = location;
                long offset = 0;
                int resumes = 0;
                while (offset < blob.size()) {
                    long length = Math.min(chunkBytes, blob.size() - offset);
                    try {
                        session = patch(op, session, download.pipe(), offset, length, offset + length == blob.size(), repository, subject);
                        offset += length;
                    } catch (RegistryException e) {
                        if (download.pipe().aborted() || !connectionBroke(e) || resumes >= MAX_RESUMES) {
                            throw e;
                        }
                        download.stop();
                        stoppedHere = true;
                        Optional<Held> held = held(op, session, repository, subject, blob.size());
                        if (held.isEmpty()) {
                            throw e; // no resume here: the blob starts again as a whole (ImageCopier)
                        }
                        resumes++;
                        offset = held.get().bytes();
                        session = held.get().session();
                        resumed(op, blob.digest(), offset);
                        download = start(op, source, sourceRepository, blob, checkpoints.floor(offset, blob.digest()), offset, checkpoints);
                        stoppedHere = false;
                    }
                }
                join(download.future()); // commit only what the source's digest verified
                RequestSpec commit = RequestSpec.of("PUT", withDigest(session, blob.digest()), Phase.BLOB_UPLOAD,
                        StatusFailures.Target.UPLOAD, subject)
                        .registryAuth(ImageCopier.pushScope(repository, null))
                        .body(new byte[0], "application/octet-stream");
                executor.small(op, commit, 64 * 1024);
            } else {
                BlobPipe pipe = download.pipe();
                RequestSpec put = RequestSpec.of("PUT", withDigest(location, blob.digest()), Phase.BLOB_UPLOAD,
                        StatusFailures.Target.UPLOAD, subject)
                        .registryAuth(ImageCopier.pushScope(repository, null))
                        .streamedBody(() -> pipe.body(blob.size(), true), "application/octet-stream")
                        .timeout(uploadTimeout(op));
                executor.small(op, put, 64 * 1024);
            }
            long sent = join(download.future());
            span.end(sent);
            return sent;
        } catch (RegistryException e) {
            // When the source broke first, that is the story: the upload only failed because its body stopped.
            RegistryException failure = e;
            if (download.pipe().aborted() && !stoppedHere) {
                try {
                    join(download.future());
                } catch (RegistryException sourceFailure) {
                    failure = sourceFailure;
                }
            }
            download.pipe().close();
            span.fail(failure.category(), 0);
            throw failure;
        }
    }

    /**
     * Starts downloading the blob into a fresh pipe, from a digest checkpoint (ranged GET) for a resumed upload;
     * bytes before {@code writeFrom} are hashed, not sent.
     */
    private Download start(Operation op, BlobFetcher source, String sourceRepository, Descriptor blob, DigestCheckpoints.Checkpoint from,
                           long writeFrom, DigestCheckpoints checkpoints) {
        BlobPipe pipe = new BlobPipe();
        CompletableFuture<Long> future = CompletableFuture.supplyAsync(() -> from == null
                ? source.fetch(op, sourceRepository, blob, Phase.LAYER, descriptor -> pipe, false)
                : source.fetchFrom(op, sourceRepository, blob, Phase.LAYER, descriptor -> pipe, from, writeFrom, checkpoints), downloads);
        future.whenComplete((bytes, failure) -> {
            if (failure != null) {
                pipe.abort();
            }
        });
        return new Download(pipe, future);
    }

    /** One PATCH of the next {@code length} bytes of the pipe; returns the session's next Location. */
    private URI patch(Operation op, URI session, BlobPipe pipe, long offset, long length, boolean last, String repository, String subject) {
        RequestSpec patch = RequestSpec.of("PATCH", session, Phase.BLOB_UPLOAD, StatusFailures.Target.UPLOAD, subject)
                .registryAuth(ImageCopier.pushScope(repository, null))
                .streamedBody(() -> pipe.body(length, last), "application/octet-stream")
                .header("Content-Range", offset + "-" + (offset + length - 1))
                .timeout(uploadTimeout(op));
        return BlobMounter.location(executor.small(op, patch, 64 * 1024));
    }

    private static void resumed(Operation op, Digest digest, long offset) {
        try {
            op.listener().uploadResumed(digest, offset);
        } catch (RuntimeException e) {
            op.listenerFailed("uploadResumed", e); // listeners must not break the transfer
        }
    }

    /** What the target holds of an upload after a broken PATCH: that many first bytes, and where to send the rest. */
    private record Held(long bytes, URI session) {
    }

    /**
     * Asks the target how much of the upload it holds ({@code GET} of the session: 204 with {@code Range: 0-<last>}).
     * Empty when it cannot say (an error, a registry that dropped the session) or holds nothing worth resuming.
     */
    private Optional<Held> held(Operation op, URI session, String repository, String subject, long size) {
        RequestSpec status = RequestSpec.of("GET", session, Phase.BLOB_UPLOAD, StatusFailures.Target.UPLOAD, subject)
                .registryAuth(ImageCopier.pushScope(repository, null));
        Response r;
        try {
            r = executor.small(op, status, 64 * 1024);
        } catch (RegistryException e) {
            if (e.category() == Category.CANCELLED || op.isCancelled()) {
                throw e;
            }
            return Optional.empty();
        }
        Optional<String> range = r.header("range").map(String::strip);
        if (r.status() != 204 || range.isEmpty() || !range.get().matches("(bytes=)?0-\\d{1,19}")) {
            return Optional.empty();
        }
        long last = Long.parseLong(range.get().substring(range.get().indexOf('-') + 1));
        if (last <= 0 || last >= size) {
            return Optional.empty(); // "0-0" is nothing (or one byte) held: start again; more than the blob is nonsense
        }
        URI next = r.header("location").isPresent() ? BlobMounter.location(r) : session;
        return Optional.of(new Held(last + 1, next));
    }

    /** The upload's connection broke (reset, closed mid-body) rather than the target answering with an error. */
    static boolean connectionBroke(RegistryException e) {
        if (e.category() != Category.SERVER_ERROR || e.httpStatus().isPresent() || e.registryErrorCode().isPresent()) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
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
}
