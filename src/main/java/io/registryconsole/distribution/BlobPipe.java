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
    private boolean finished;

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
    }

    // ------------------------------------------------------------------ the upload

    /**
     * The next bytes, at most {@code max} (waiting for the download); null at the end of the blob. A buffer larger
     * than {@code max} is split: the rest opens the next chunk.
     */
    ByteBuffer next(long max) throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (finished) {
                return null;
            }
            ByteBuffer next;
            try {
                next = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (readerClosed) {
                throw new IOException("the upload was stopped");
            }
            if (next == null) {
                continue;
            }
            if (next == FAILED) {
                throw new IOException("the source blob failed");
            }
            if (next == END) {
                finished = true;
                return null;
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

    /**
     * The next {@code length} bytes of the pipe as a request body, the buffers handed over as they are. Like the
     * JDK's {@code ofInputStream} it waits for the download when the HTTP client asks for more.
     */
    HttpRequest.BodyPublisher body(long length) {
        return new Body(length);
    }

    /** The upload ended (or failed): the writer must not wait for a reader any more. */
    void close() {
        readerClosed = true;
        queue.clear();
    }

    private final class Body implements HttpRequest.BodyPublisher {
        private final long length;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        Body(long length) {
            this.length = length;
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
            subscriber.onSubscribe(new Delivery(subscriber, length));
        }
    }

    /** Delivers on the thread that asks for more, one caller at a time (a request from inside onNext only adds demand). */
    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile boolean done;
        private long left;

        Delivery(Flow.Subscriber<? super ByteBuffer> subscriber, long length) {
            this.subscriber = subscriber;
            this.left = length;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("non-positive request " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            deliver();
        }

        @Override
        public void cancel() {
            done = true;
        }

        private void deliver() {
            while (!done && running.compareAndSet(false, true)) {
                try {
                    while (!done && left > 0 && demand.get() > 0) {
                        ByteBuffer b = next(left);
                        if (b == null) {
                            done = true;
                            subscriber.onError(new IOException("the blob ended " + left + " bytes early"));
                            return;
                        }
                        left -= b.remaining();
                        demand.decrementAndGet();
                        subscriber.onNext(b);
                    }
                    if (!done && left == 0) {
                        done = true;
                        subscriber.onComplete();
                        return;
                    }
                } catch (IOException e) {
                    done = true;
                    subscriber.onError(e);
                    return;
                } finally {
                    running.set(false);
                }
                if (demand.get() == 0) {
                    return; // a request() that came while we ran saw running=true and left it to us: checked here
                }
            }
        }
    }
}
