package io.registryconsole.replication;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a running replication's per-image results in batches: the image threads hand each result over and go on;
 * whichever of them finds no write in progress writes everything waiting, in one transaction. A re-sync that finds
 * a hundred images up to date in a few milliseconds so costs a few batches, not a hundred commits on its image
 * threads, and a slow image still lands at once (a batch of one).
 */
final class ImageResults {

    private static final Logger log = LoggerFactory.getLogger(ImageResults.class);

    private final long replicationId;
    private final ReplicationStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Queue<ReplicationView.Image> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    ImageResults(long replicationId, ReplicationStore store, TransactionTemplate transactions, Clock clock) {
        this.replicationId = replicationId;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Queues a result and writes the queue unless another thread is writing it (that one picks this result up too). */
    void add(ReplicationView.Image image) {
        waiting.add(image);
        // Re-checked after each write: a result queued while this thread wrote, whose thread found the lock taken.
        while (!waiting.isEmpty() && writing.tryLock()) {
            try {
                writeWaiting();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes whatever is still queued, waiting for a write in progress; before the replication is stored as finished. */
    void flush() {
        writing.lock();
        try {
            writeWaiting();
        } finally {
            writing.unlock();
        }
    }

    private void writeWaiting() {
        List<ReplicationView.Image> batch = new ArrayList<>();
        for (ReplicationView.Image i = waiting.poll(); i != null; i = waiting.poll()) {
            batch.add(i);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(s -> store.addImages(replicationId, batch, clock.instant()));
        } catch (RuntimeException e) {
            // the replication goes on; its stored results miss these images (the events and metrics had them)
            log.warn("Could not store {} image result(s) of replication {}: {}", batch.size(), replicationId, e.toString());
        }
    }
}
