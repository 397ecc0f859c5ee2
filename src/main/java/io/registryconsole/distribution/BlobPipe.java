package io.registryconsole.distribution;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries one blob from the thread that downloads (and verifies) it to the HTTP client that uploads it, with a few
 * buffers in between: a copy never holds a layer in memory, and a slow target slows the source down instead of
 * filling the heap. The writer side is a {@link BlobSink.BlobWriter}; the reader side hands the same buffers to the
 * upload as its body ({@link #body}). The body ends only after the download verified
 * size and digest ({@link #commit()}); a failed download makes the body fail, so the target never receives a whole
 * but wrong blob.
 */
final class BlobPipe implements BlobSink.BlobWriter {

    /** Buffers in flight (each up to the HTTP client's read size, 256 KiB). */
    private static final int CAPACITY = 16;
    private static final ByteBuffer END = ByteBuffer.allocate(0);
    private static final ByteBuffer FAILED = ByteBuffer.allocate(0);

    private final ArrayBlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean readerClosed;
    private volatile boolean aborted;
    private ByteBuffer current;
    /** The body being sent (one chunk's request at a time), or null between requests. */
    private volatile Delivery active;

    // ------------------------------------------------------------------ the downloading thread

    /**
     * Takes the bytes without copying them: the buffers come from the download's HTTP client, which never touches a
     * buffer again once it handed it to its body subscriber (the contract of {@code HttpResponse.BodySubscriber}),
     * and the digest only reads them. So a blob crosses the console with no copy of its own.
     */
    @Override
    public void write(ByteBuffer buffer) throws IOException {
        ByteBuffer mine = buffer.slice();
        buffer.position(buffer.limit());
        put(mine);
    }

    @Override
    public void commit() throws IOException {
        put(END);
    }

    /** Whether the download failed (before the upload did). */
    boolean aborted() {
        return aborted;
    }

    @Override
    public void abort() {
        aborted = true;
        queue.clear();
        queue.offer(FAILED);
        wake();
    }

    private void put(ByteBuffer item) throws IOException {
        try {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (readerClosed) {
                    throw new IOException("the upload stopped reading");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        wake();
    }

    /** Lets the body being sent deliver what just arrived (on this thread, if it was waiting for bytes). */
    private void wake() {
        Delivery d = active;
        if (d != null) {
            d.deliver();
        }
    }

    // ------------------------------------------------------------------ the upload

    /**
     * The next bytes, at most {@code max}, when some are there; null when none arrived yet. A buffer larger than
     * {@code max} is split: the rest opens the next chunk.
     */
    private synchronized ByteBuffer poll(long max) throws IOException {
        while (current == null || !current.hasRemaining()) {
            ByteBuffer next = take();
            if (next == null) {
                return null;
            }
            if (next == END) {
                throw new IOException("the blob ended before the bytes its upload announced");
            }
            current = next;
        }
        if (current.remaining() <= max) {
            ByteBuffer whole = current;
            current = null;
            return whole;
        }
        ByteBuffer head = current.slice();
        head.limit((int) max);
        current.position(current.position() + (int) max);
        return head;
    }

    /** After the last byte: true once the download verified the blob (END), false while it has not said yet. */
    private synchronized boolean verified() throws IOException {
        if (current != null && current.hasRemaining()) {
            throw new IOException("the blob is longer than its upload announced");
        }
        ByteBuffer next = take();
        if (next == null) {
            return false;
        }
        if (next != END) {
            throw new IOException("the blob is longer than its upload announced");
        }
        return true;
    }

    private ByteBuffer take() throws IOException {
        if (readerClosed) {
            throw new IOException("the upload was stopped");
        }
        ByteBuffer next = queue.peek();
        if (next == FAILED) {
            throw new IOException("the source blob failed");
        }
        return queue.poll();
    }

    private synchronized boolean hasBytes() {
        return current != null && current.hasRemaining() || !queue.isEmpty();
    }

    /**
     * The next {@code length} bytes of the pipe as a request body, the buffers handed over as they are. Nothing waits
     * on the HTTP client's threads (they also serve the client's other connections): when the client asks for more
     * than arrived, the download's thread delivers it as it comes. The last part of a blob ({@code last}) completes
     * only once the download verified size and digest.
     */
    HttpRequest.BodyPublisher body(long length, boolean last) {
        return new Body(length, last);
    }

    /** The upload ended (or failed): the writer must not wait for a reader any more. */
    void close() {
        readerClosed = true;
        queue.clear();
        wake();
    }

    private final class Body implements HttpRequest.BodyPublisher {
        private final long length;
        private final boolean last;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        Body(long length, boolean last) {
            this.length = length;
            this.last = last;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                // a streamed body goes out once; the request layer never repeats it
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                subscriber.onError(new IOException("a streamed blob body can be sent once only"));
                return;
            }
            Delivery d = new Delivery(subscriber, length, last);
            active = d;
            subscriber.onSubscribe(d);
            d.deliver();
        }
    }

    /** Delivers on whichever thread brings demand or bytes, one at a time (a request from inside onNext only adds demand). */
    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final boolean last;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile boolean done;
        private long left;

        Delivery(Flow.Subscriber<? super ByteBuffer> subscriber, long length, boolean last) {
            this.subscriber = subscriber;
            this.left = length;
            this.last = last;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                finish(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            deliver();
        }

        @Override
        public void cancel() {
            done = true;
        }

        void deliver() {
            while (!done && running.compareAndSet(false, true)) {
                try {
                    step();
                } catch (IOException | RuntimeException e) {
                    finish(e);
                } finally {
                    running.set(false);
                }
                // what came while this thread delivered found running=true and left it to this thread: look again
                if (done || !hasBytes() || left > 0 && demand.get() == 0) {
                    return;
                }
            }
        }

        private void step() throws IOException {
            while (left > 0 && demand.get() > 0 && !done) {
                ByteBuffer b = poll(left);
                if (b == null) {
                    return;
                }
                left -= b.remaining();
                demand.decrementAndGet();
                subscriber.onNext(b);
            }
            if (left == 0 && !done && (!last || verified())) {
                done = true;
                active = null;
                subscriber.onComplete();
            }
        }

        private void finish(Throwable failure) {
            if (!done) {
                done = true;
                active = null;
                subscriber.onError(failure);
            }
        }
    }
}
