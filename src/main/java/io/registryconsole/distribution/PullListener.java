package io.registryconsole.distribution;

import java.time.Instant;

/**
 * Receives the phases of an operation as they happen (for progress bars, server-sent events, metrics).
 * Called from the client's threads, possibly several at once while layers download in parallel, so implementations
 * must be thread-safe and quick. An exception thrown by a listener does not stop the operation; the first one of an
 * operation is logged (System.Logger {@code io.registryconsole.distribution.Operation}, WARNING).
 */
public interface PullListener {

    PullListener NONE = new PullListener() {
    };

    /** A phase began; {@code detail} names a host, repository or layer digest. */
    default void phaseStarted(Phase phase, String detail, Instant at) {
    }

    /** A phase ended, successfully or not. */
    default void phaseFinished(PhaseTiming timing) {
    }

    /** Bytes of a blob received so far; called at most every few megabytes per blob and once at its end. */
    /**
     * A chunked upload whose connection broke goes on from {@code offset}, the bytes the target said it holds
     * (copies only).
     */
    default void uploadResumed(Digest digest, long offset) {
    }

    default void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
    }
}
