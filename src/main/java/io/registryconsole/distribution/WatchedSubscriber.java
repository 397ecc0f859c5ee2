package io.registryconsole.distribution;

import java.nio.ByteBuffer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Base of the client's body subscribers: requests one list of buffers at a time, records activity for the
 * {@link Watchdog}, and turns aborts (stall, deadline, cancel, a limit reached) into a failed body.
 */
abstract class WatchedSubscriber<T> implements HttpResponse.BodySubscriber<T>, Watchdog.Watched {

    private final CompletableFuture<T> body = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Operation op;
    private final Phase phase;
    private final String what;
    private final long idleNanos;
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity = System.nanoTime();
    private volatile long received; // written by the one HTTP client thread delivering buffers
    private ScheduledFuture<?> watch;
    private AutoCloseable cancelHook;

    WatchedSubscriber(Operation op, Phase phase, String what, long idleNanos) {
        this.op = op;
        this.phase = phase;
        this.what = what;
        this.idleNanos = idleNanos;
    }

    /** Consumes one buffer; may call {@link #abort(RegistryException)}. Runs on an HTTP client thread. */
    protected abstract void consume(ByteBuffer buffer);

    /** The value of the body once every buffer arrived; may throw RegistryException. */
    protected abstract T complete();

    /** What the failure of the connection means here (e.g. a truncated blob); default: retryable server error. */
    protected RegistryException connectionFailed(Throwable t) {
        return RegistryException.builder(Category.SERVER_ERROR, "the connection broke while reading " + what + ": " + t.getMessage())
                .phase(phase).cause(t).retryable(true).build();
    }

    /** Releases resources after success or failure (e.g. a sink). */
    protected void cleanup(boolean success) {
    }

    @Override
    public CompletionStage<T> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (finished.get()) {
            s.cancel();
            return;
        }
        lastActivity = System.nanoTime();
        watch = Watchdog.watch(this, idleNanos, op.deadlineNanos(), phase, what, op);
        cancelHook = op.onCancel(() -> abort(op.cancelledException(phase)));
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (finished.get()) {
            return;
        }
        lastActivity = System.nanoTime();
        long bytes = 0;
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        received += bytes;
        for (int i = 0, n = buffers.size(); i < n && !finished.get(); i++) {
            consume(buffers.get(i));
        }
        if (!finished.get()) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(connectionFailed(t));
    }

    @Override
    public void onComplete() {
        if (finished.get()) {
            return;
        }
        T value;
        try {
            value = complete();
        } catch (RegistryException e) {
            fail(e);
            return;
        } catch (RuntimeException e) {
            fail(RegistryException.builder(Category.SERVER_ERROR, "unexpected failure reading " + what).phase(phase).cause(e).build());
            return;
        }
        if (finished.compareAndSet(false, true)) {
            stopWatching();
            cleanup(true);
            body.complete(value);
        }
    }

    /** Completes the body now with what was read and stops the transfer (the connection is dropped). */
    protected void finishEarly() {
        onComplete();
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public long lastActivityNanos() {
        return lastActivity;
    }

    @Override
    public long bytesReceived() {
        return received;
    }

    @Override
    public void abort(RegistryException reason) {
        if (fail(reason)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private boolean fail(RegistryException reason) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        stopWatching();
        cleanup(false);
        body.completeExceptionally(reason);
        return true;
    }

    private void stopWatching() {
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
    }

    long idleMillis() {
        return TimeUnit.NANOSECONDS.toMillis(idleNanos);
    }
}
