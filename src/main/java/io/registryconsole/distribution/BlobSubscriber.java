package io.registryconsole.distribution;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Streams one blob: each buffer the HTTP client hands over is counted, offered to the sink and fed straight into
 * {@link MessageDigest#update(ByteBuffer)} — no copies, no per-buffer allocation. Size and digest are checked as
 * the bytes arrive and at the end.
 */
final class BlobSubscriber extends WatchedSubscriber<Long> {

    /** Progress callbacks at most every this many bytes, to keep the listener off the hot path. */
    private static final long PROGRESS_STEP = 8L * 1024 * 1024;

    private final Descriptor descriptor;
    private final MessageDigest md;
    private final BlobSink.BlobWriter writer;
    private final PullListener listener;
    private final Phase phase;
    private long received;
    private long nextProgress = PROGRESS_STEP;

    BlobSubscriber(Operation op, Phase phase, Descriptor descriptor, BlobSink.BlobWriter writer, long idleNanos) {
        super(op, phase, "blob " + descriptor.digest(), idleNanos);
        this.descriptor = descriptor;
        this.md = descriptor.digest().newMessageDigest();
        this.writer = writer;
        this.listener = op.listener();
        this.phase = phase;
    }

    @Override
    protected void consume(ByteBuffer buffer) {
        int n = buffer.remaining();
        received += n;
        if (received > descriptor.size()) {
            abort(RegistryException.builder(Category.SIZE_MISMATCH, "blob " + descriptor.digest() + " is longer than the "
                    + descriptor.size() + " bytes its descriptor declares").phase(phase).build());
            return;
        }
        if (writer != null) {
            try {
                writer.write(buffer.duplicate());
            } catch (IOException e) {
                abort(RegistryException.builder(Category.SERVER_ERROR, "cannot store blob " + descriptor.digest() + ": " + e.getMessage())
                        .phase(phase).cause(e).build());
                return;
            }
        }
        md.update(buffer);
        if (received >= nextProgress) {
            nextProgress = received + PROGRESS_STEP;
            progress();
        }
    }

    @Override
    protected Long complete() {
        if (received != descriptor.size()) {
            throw RegistryException.builder(Category.SIZE_MISMATCH, "blob " + descriptor.digest() + " has " + received
                    + " bytes, its descriptor declares " + descriptor.size()).phase(phase).build();
        }
        Digest actual = descriptor.digest().withValue(md.digest());
        if (!actual.equals(descriptor.digest())) {
            throw RegistryException.builder(Category.DIGEST_MISMATCH, "blob " + descriptor.digest() + " arrived with content that hashes to "
                    + actual + " (corrupt in the registry or on the way)").phase(phase).build();
        }
        if (writer != null) {
            try {
                writer.commit();
            } catch (IOException e) {
                throw RegistryException.builder(Category.SERVER_ERROR, "cannot store blob " + descriptor.digest() + ": " + e.getMessage())
                        .phase(phase).cause(e).build();
            }
        }
        progress();
        return received;
    }

    @Override
    protected RegistryException connectionFailed(Throwable t) {
        return RegistryException.builder(Category.SIZE_MISMATCH, "the connection closed after " + received + " of " + descriptor.size()
                + " bytes of blob " + descriptor.digest()).phase(phase).cause(t).retryable(true).build();
    }

    @Override
    protected void cleanup(boolean success) {
        if (!success && writer != null) {
            writer.abort();
        }
    }

    private void progress() {
        try {
            listener.blobProgress(descriptor.digest(), received, descriptor.size());
        } catch (RuntimeException ignored) {
            // listeners must not break the transfer
        }
    }

    long received() {
        return received;
    }
}
