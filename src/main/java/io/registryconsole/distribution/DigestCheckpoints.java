package io.registryconsole.distribution;

import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Copies of a blob's running digest at fixed offsets, taken as the bytes are hashed, so that an upload resumed at
 * whatever offset the target holds can continue the digest from the nearest checkpoint below it: the source is read
 * again from that checkpoint only (a ranged GET), not from the first byte. A copy of a SHA-256 state is ~100 bytes,
 * so even a checkpoint every few megabytes of a large layer costs nothing worth counting.
 */
final class DigestCheckpoints {

    /** The digest state after exactly {@code offset} bytes. */
    record Checkpoint(long offset, MessageDigest digest) {
    }

    private final long step;
    private final ConcurrentSkipListMap<Long, MessageDigest> states = new ConcurrentSkipListMap<>();

    DigestCheckpoints(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be positive");
        }
        this.step = step;
    }

    /** The first checkpoint offset after {@code offset}. */
    long next(long offset) {
        return (offset / step + 1) * step;
    }

    long step() {
        return step;
    }

    /** Keeps a copy of {@code md}, which has hashed exactly {@code offset} bytes. */
    void record(long offset, MessageDigest md) {
        states.computeIfAbsent(offset, o -> copy(md));
    }

    /**
     * The latest checkpoint at or below {@code offset} (a fresh copy: the caller may go on hashing with it), or the
     * start of the blob with a fresh digest of {@code blob}'s algorithm.
     */
    Checkpoint floor(long offset, Digest blob) {
        Map.Entry<Long, MessageDigest> e = states.floorEntry(offset);
        return e == null ? new Checkpoint(0, blob.newMessageDigest()) : new Checkpoint(e.getKey(), copy(e.getValue()));
    }

    private static MessageDigest copy(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + md.getAlgorithm() + " cannot be copied", e);
        }
    }
}
