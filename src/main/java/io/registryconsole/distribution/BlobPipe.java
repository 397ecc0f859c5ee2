package io.registryconsole.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries one blob from the thread that downloads (and verifies) it to the HTTP client that uploads it, with a few
 * buffers in between: a copy never holds a layer in memory, and a slow target slows the source down instead of
 * filling the heap. The writer side is a {@link BlobSink.BlobWriter}; the reader side an {@link InputStream} for the
 * upload's body publisher. The stream ends only after the download verified size and digest ({@link #commit()}); a
 * failed download makes the reader fail, so the target never receives a whole but wrong blob.
 */
final class BlobPipe extends InputStream implements BlobSink.BlobWriter {

    /** Buffers in flight (each up to the HTTP client's read size, 256 KiB). */
    private static final int CAPACITY = 16;
    private static final byte[] END = new byte[0];
    private static final byte[] FAILED = new byte[0];

    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean readerClosed;
    private volatile boolean written;
    private volatile boolean aborted;
    private byte[] current;
    private int position;
    private boolean finished;

    /** Whether any byte went in (a source retry from the first byte is then impossible). */
    boolean started() {
        return written;
    }

    // ------------------------------------------------------------------ the downloading thread

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        written = true;
        put(copy);
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

    private void put(byte[] item) throws IOException {
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

    // ------------------------------------------------------------------ the HTTP client

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (finished) {
                return -1;
            }
            byte[] next;
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
                return -1;
            }
            current = next;
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    /** The upload ended (or failed): the writer must not wait for a reader any more. */
    @Override
    public void close() {
        readerClosed = true;
        queue.clear();
    }
}
