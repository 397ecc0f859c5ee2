package io.registryconsole.distribution;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One user-visible operation (a ping, a resolve, a pull): its deadline, its cancellation and the phases it went
 * through. Shared by the threads that work for it.
 */
final class Operation {

    private static final System.Logger LOG = System.getLogger(Operation.class.getName());

    private final PullListener listener;
    private final long deadlineNanos;
    private final Duration deadline;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<Runnable> cancelHooks = ConcurrentHashMap.newKeySet();
    private final List<PhaseTiming> timings = new ArrayList<>();
    private final Operation parent;
    private final long minRate;
    private final long minRateWindowNanos;
    private final AtomicBoolean listenerFailureLogged = new AtomicBoolean();

    Operation(PullListener listener, Duration deadline) {
        this(listener, deadline, 0, Duration.ofSeconds(30));
    }

    /**
     * @param minRate bytes per second every body of this operation must average over {@code minRateWindow}; 0 = off
     */
    Operation(PullListener listener, Duration deadline, long minRate, Duration minRateWindow) {
        this.listener = listener == null ? PullListener.NONE : listener;
        this.deadline = deadline;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        this.parent = null;
        this.minRate = minRate;
        this.minRateWindowNanos = minRateWindow.toNanos();
    }

    private Operation(Operation parent) {
        this.listener = parent.listener;
        this.deadline = parent.deadline;
        this.deadlineNanos = parent.deadlineNanos;
        this.parent = parent;
        this.minRate = parent.minRate;
        this.minRateWindowNanos = parent.minRateWindowNanos;
    }

    long minRate() {
        return minRate;
    }

    long minRateWindowNanos() {
        return minRateWindowNanos;
    }

    /**
     * A part of this operation that can be stopped on its own (the other layers of a pull once one failed) and is
     * stopped with it; its phases are recorded here.
     */
    Operation child() {
        Operation child = new Operation(this);
        onCancel(child::cancel);
        return child;
    }

    PullListener listener() {
        return listener;
    }

    /** Stops everything in flight; safe to call from any thread, more than once. */
    void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable hook : cancelHooks) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    // a failing hook must not keep the others from running (nor turn the cancel into another error)
                    LOG.log(Level.WARNING, "A cancel hook failed; the operation is cancelled all the same", e);
                }
            }
        }
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    /** Registers something to run on cancel; returns a handle that unregisters it. If already cancelled it runs now. */
    AutoCloseable onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled.get()) {
            hook.run();
        }
        return () -> cancelHooks.remove(hook);
    }

    /** Throws CANCELLED or TRANSFER_TIMEOUT when the operation must stop. */
    void checkActive(Phase phase) {
        if (cancelled.get()) {
            throw cancelledException(phase);
        }
        if (remainingNanos() <= 0) {
            throw deadlineException(phase);
        }
    }

    RegistryException cancelledException(Phase phase) {
        return RegistryException.builder(Category.CANCELLED, "cancelled").phase(phase).build();
    }

    RegistryException deadlineException(Phase phase) {
        return RegistryException.builder(Category.TRANSFER_TIMEOUT, "the operation did not finish within its deadline of "
                + deadline.toSeconds() + " s").phase(phase).build();
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Starts a phase; the span must be ended exactly once. */
    Span start(Phase phase, String detail) {
        Span span = new Span(phase, detail);
        try {
            listener.phaseStarted(phase, detail, span.start);
        } catch (RuntimeException e) {
            listenerFailed("phaseStarted", e);
        }
        return span;
    }

    synchronized List<PhaseTiming> timings() {
        return List.copyOf(timings);
    }

    private void record(PhaseTiming timing) {
        if (parent != null) {
            parent.record(timing);
            return;
        }
        synchronized (this) {
            timings.add(timing);
        }
        try {
            listener.phaseFinished(timing);
        } catch (RuntimeException e) {
            listenerFailed("phaseFinished", e);
        }
    }

    /**
     * A listener threw. Listeners must not break the operation, so this is not rethrown; it is logged with its cause
     * once per operation (a broken listener usually fails on every event), later ones only at DEBUG.
     */
    void listenerFailed(String event, RuntimeException e) {
        Operation root = this;
        while (root.parent != null) {
            root = root.parent;
        }
        if (root.listenerFailureLogged.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "The pull listener failed in " + event + "; the operation goes on without it", e);
        } else {
            LOG.log(Level.DEBUG, "The pull listener failed again in " + event, e);
        }
    }

    final class Span {
        private final Phase phase;
        private final String detail;
        private final Instant start = Instant.now();
        private final long startNanos = System.nanoTime();
        private boolean ended;

        private Span(Phase phase, String detail) {
            this.phase = phase;
            this.detail = detail;
        }

        void end(long bytes) {
            finish(bytes, null);
        }

        void fail(Category category, long bytes) {
            finish(bytes, category);
        }

        /** Ends the span as failed when it is still open (use in finally blocks). */
        void failIfOpen(Throwable t) {
            if (!ended) {
                finish(0, t instanceof RegistryException re ? re.category() : Category.SERVER_ERROR);
            }
        }

        private synchronized void finish(long bytes, Category failure) {
            if (ended) {
                return;
            }
            ended = true;
            record(new PhaseTiming(phase, detail, start, Duration.ofNanos(System.nanoTime() - startNanos), bytes, failure));
        }
    }
}
