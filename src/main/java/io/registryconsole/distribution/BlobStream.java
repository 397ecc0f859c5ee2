package io.registryconsole.distribution;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One blob on its way in. The HTTP client's threads only queue the buffers they read (a few at a time: demand is
 * bounded by {@link #PREFETCH}); the thread that asked for the blob drains the queue in {@link #drain()}, counting,
 * offering each buffer to the sink and feeding it straight into {@link MessageDigest#update(ByteBuffer)} — no copies,
 * no per-buffer allocation. Reading the socket and hashing thus run on different cores, and parallel layers hash in
 * parallel instead of queueing behind the client's selector thread. Size and digest are checked as the bytes
 * arrive and at the end.
 */
final class BlobStream implements HttpResponse.BodySubscriber<BlobStream>, Watchdog.Watched {

    /**
     * Buffers requested ahead of the hashing thread: enough to keep the socket busy, little memory (8 × 256 KiB per
     * blob). Demand is renewed in batches: every renewal may wake the HTTP client's selector thread, and fewer wake-ups
     * measurably cut CPU per byte.
     */
    static final int PREFETCH = 8;
    static final int BATCH = 4;
    /** Progress callbacks at most every this many bytes, to keep the listener off the hot path. */
    private static final long PROGRESS_STEP = 8L * 1024 * 1024;
    private static final Object END = new Object();

    private record Failure(RegistryException reason) {
    }

    /**
     * Where the body starts within the blob and what happens to its first bytes, for a download that continues a
     * resumed upload: the body's first byte is the blob's byte {@code offset} (a 206 to a ranged GET, else 0) and is
     * hashed on from {@code digest}; bytes before {@code writeFrom} are hashed but not handed to the writer (the target
     * holds them already); every {@code checkpoints.step()} bytes the digest is copied into {@code checkpoints}.
     */
    record Continuation(long offset, MessageDigest digest, long writeFrom, DigestCheckpoints checkpoints) {
    }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final CompletableFuture<BlobStream> body = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Operation op;
    private final Phase phase;
    private final Descriptor descriptor;
    private final BlobSink.BlobWriter writer;
    private final long idleNanos;
    private final Continuation continuation;
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity = System.nanoTime();
    private volatile long arrived; // written only by the HTTP client thread that delivers buffers
    private ScheduledFuture<?> watch;
    private AutoCloseable cancelHook;

    BlobStream(Operation op, Phase phase, Descriptor descriptor, BlobSink.BlobWriter writer, long idleNanos) {
        this(op, phase, descriptor, writer, idleNanos, null);
    }

    BlobStream(Operation op, Phase phase, Descriptor descriptor, BlobSink.BlobWriter writer, long idleNanos, Continuation continuation) {
        this.continuation = continuation;
        this.op = op;
        this.phase = phase;
        this.descriptor = descriptor;
        this.writer = writer;
        this.idleNanos = idleNanos;
    }

    // ------------------------------------------------------------------ HTTP client threads

    @Override
    public CompletionStage<BlobStream> getBody() {
        return body;
    }

    /** Whether the response headers arrived and the body began (the HTTP client subscribed). */
    boolean started() {
        return subscription != null;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        lastActivity = System.nanoTime();
        watch = Watchdog.watch(this, idleNanos, op.deadlineNanos(), phase, "blob " + descriptor.digest(), op);
        cancelHook = op.onCancel(() -> abort(op.cancelledException(phase)));
        s.request(PREFETCH);
        body.complete(this); // the response is handed over now; drain() consumes the bytes as they come
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastActivity = System.nanoTime();
        long bytes = 0;
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        arrived += bytes;
        queue.add(buffers);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new Failure(RegistryException.builder(Category.SIZE_MISMATCH, "the connection broke while reading blob "
                + descriptor.digest() + " (" + t.getMessage() + ")").phase(phase).cause(t).retryable(true).build()));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public long lastActivityNanos() {
        return lastActivity;
    }

    @Override
    public long bytesReceived() {
        return arrived;
    }

    /** From the watchdog or a cancel: stop reading and let {@link #drain()} fail with {@code reason}. */
    @Override
    public void abort(RegistryException reason) {
        queue.add(new Failure(reason));
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    // ------------------------------------------------------------------ the requesting thread

    /**
     * Consumes the blob to its end.
     *
     * @return the number of bytes, all verified
     * @throws RegistryException SIZE_MISMATCH, DIGEST_MISMATCH, TRANSFER_TIMEOUT, CANCELLED, ...
     */
    long drain() {
        Continuation c = continuation;
        MessageDigest md = c == null ? descriptor.digest().newMessageDigest() : c.digest();
        long expected = descriptor.size();
        long received = c == null ? 0 : c.offset();
        long writeFrom = c == null ? 0 : c.writeFrom();
        DigestCheckpoints checkpoints = c == null ? null : c.checkpoints();
        long nextCheckpoint = checkpoints == null ? Long.MAX_VALUE : checkpoints.next(received);
        long nextProgress = PROGRESS_STEP;
        int consumed = 0;
        boolean success = false;
        try {
            while (true) {
                Object item = queue.poll(1, TimeUnit.SECONDS);
                if (item == null) {
                    op.checkActive(phase); // the watchdog normally reports first; this is the safety net
                    continue;
                }
                if (item == END) {
                    break;
                }
                if (item instanceof Failure f) {
                    throw f.reason();
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (int i = 0, n = buffers.size(); i < n; i++) {
                    ByteBuffer buffer = buffers.get(i);
                    long start = received;
                    received += buffer.remaining();
                    if (received > expected) {
                        throw RegistryException.builder(Category.SIZE_MISMATCH, "blob " + descriptor.digest() + " is longer than the "
                                + expected + " bytes its descriptor declares").phase(phase).build();
                    }
                    if (writer != null && received > writeFrom) {
                        ByteBuffer out = buffer.duplicate();
                        if (start < writeFrom) {
                            out.position(out.position() + (int) (writeFrom - start)); // the target holds these already
                        }
                        write(out);
                    }
                    while (received >= nextCheckpoint) { // hash up to the checkpoint, keep a copy, go on
                        ByteBuffer head = buffer.duplicate();
                        head.limit(head.position() + (int) (nextCheckpoint - start));
                        md.update(head);
                        buffer.position(head.limit());
                        start = nextCheckpoint;
                        checkpoints.record(nextCheckpoint, md);
                        nextCheckpoint += checkpoints.step();
                    }
                    md.update(buffer);
                }
                if (++consumed == BATCH) {
                    consumed = 0;
                    subscription.request(BATCH);
                }
                if (received >= nextProgress) {
                    nextProgress = received + PROGRESS_STEP;
                    progress(received);
                }
            }
            if (received != expected) {
                throw RegistryException.builder(Category.SIZE_MISMATCH, "blob " + descriptor.digest() + " has " + received
                        + " bytes, its descriptor declares " + expected).phase(phase).build();
            }
            Digest actual = descriptor.digest().withValue(md.digest());
            if (!actual.equals(descriptor.digest())) {
                throw RegistryException.builder(Category.DIGEST_MISMATCH, "blob " + descriptor.digest() + " arrived with content that "
                        + "hashes to " + actual + " (corrupt in the registry or on the way)").phase(phase).build();
            }
            if (writer != null) {
                try {
                    writer.commit();
                } catch (IOException e) {
                    throw storeFailure(e);
                }
            }
            progress(received);
            success = true;
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            op.cancel();
            throw op.cancelledException(phase);
        } catch (RegistryException e) {
            if (e.category() == Category.SIZE_MISMATCH && e.retryable()) {
                // say how far it got: "closed after 1000 of 300000 bytes"
                throw RegistryException.builder(Category.SIZE_MISMATCH, "the connection closed after " + received + " of " + expected
                        + " bytes of blob " + descriptor.digest()).phase(phase).cause(e.getCause()).retryable(true).build();
            }
            throw e;
        } finally {
            stop(success);
        }
    }

    private void write(ByteBuffer buffer) {
        try {
            writer.write(buffer);
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    private RegistryException storeFailure(IOException e) {
        return RegistryException.builder(Category.SERVER_ERROR, "cannot store blob " + descriptor.digest() + ": " + e.getMessage())
                .phase(phase).cause(e).build();
    }

    private void stop(boolean success) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (watch != null) {
            watch.cancel(false);
        }
        if (cancelHook != null) {
            try {
                cancelHook.close();
            } catch (Exception ignored) {
                // unregistering cannot fail
            }
        }
        if (!success) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            if (writer != null) {
                writer.abort();
            }
        }
        queue.clear();
    }

    private void progress(long received) {
        try {
            op.listener().blobProgress(descriptor.digest(), received, descriptor.size());
        } catch (RuntimeException e) {
            op.listenerFailed("blobProgress", e); // listeners must not break the transfer
        }
    }
}
