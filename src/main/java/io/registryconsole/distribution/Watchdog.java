package io.registryconsole.distribution;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that looks at every streaming body a few times a second and aborts those that stalled
 * longer than the idle timeout or ran past their operation's deadline. Checking from the side keeps the hot
 * path (one volatile write per received buffer) free of timers.
 */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "registry-client-watchdog");
        t.setDaemon(true);
        return t;
    });

    interface Watched {
        /** System.nanoTime() of the last received bytes (or of the start). */
        long lastActivityNanos();

        /** Called at most once per violation; must be safe from any thread. */
        void abort(RegistryException reason);
    }

    private Watchdog() {
    }

    static ScheduledFuture<?> watch(Watched watched, long idleNanos, long deadlineNanos, Phase phase, String what, Operation op) {
        long period = Math.max(20, Math.min(250, TimeUnit.NANOSECONDS.toMillis(idleNanos) / 4));
        return TIMER.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now - deadlineNanos > 0) {
                watched.abort(op.deadlineException(phase));
            } else if (now - watched.lastActivityNanos() > idleNanos) {
                watched.abort(RegistryException.builder(Category.TRANSFER_TIMEOUT, what + " stalled: no data for "
                        + TimeUnit.NANOSECONDS.toMillis(idleNanos) / 1000.0 + " s").phase(phase).retryable(true).build());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }
}
