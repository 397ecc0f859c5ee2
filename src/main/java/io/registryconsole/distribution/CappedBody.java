package io.registryconsole.distribution;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Collects a small body (manifest, token, error document) up to a cap. Beyond the cap it stops reading and
 * reports {@code truncated}; callers decide whether that is an error (a manifest) or fine (an error body whose
 * first kilobytes are enough).
 */
final class CappedBody extends WatchedSubscriber<CappedBody.Body> {

    record Body(byte[] bytes, boolean truncated) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final long cap;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean truncated;

    CappedBody(Operation op, Phase phase, String what, long idleNanos, long cap) {
        super(op, phase, what, idleNanos);
        this.cap = cap;
    }

    @Override
    protected void consume(ByteBuffer buffer) {
        int room = (int) Math.min(Integer.MAX_VALUE, cap - out.size());
        int n = Math.min(room, buffer.remaining());
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            byte[] chunk = new byte[n];
            buffer.get(chunk);
            out.write(chunk, 0, n);
        }
        if (buffer.hasRemaining()) {
            truncated = true;
            finishEarly();
        }
    }

    @Override
    protected Body complete() {
        return new Body(out.toByteArray(), truncated);
    }
}
