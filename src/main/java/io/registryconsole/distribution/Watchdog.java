package io.registryconsole.distribution;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that looks at every streaming body a few times a second and aborts those that stalled
 * longer than the idle timeout, went slower than the operation's minimum rate over its window, or ran past their
 * operation's deadline. Checking from the side keeps the hot
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

        /** Bytes received so far. */
        long bytesReceived();

        /** Called at most once per violation; must be safe from any thread. */
        void abort(RegistryException reason);
    }

    private Watchdog() {
    }

    static ScheduledFuture<?> watch(Watched watched, long idleNanos, long deadlineNanos, Phase phase, String what, Operation op) {
        long period = Math.max(20, Math.min(250, TimeUnit.NANOSECONDS.toMillis(idleNanos) / 4));
        RateWindow rate = new RateWindow(op.minRate(), op.minRateWindowNanos(), System.nanoTime());
        return TIMER.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (now - deadlineNanos > 0) {
                watched.abort(op.deadlineException(phase));
            } else if (now - watched.lastActivityNanos() > idleNanos) {
                watched.abort(RegistryException.builder(Category.TRANSFER_TIMEOUT, what + " stalled: no data for "
                        + TimeUnit.NANOSECONDS.toMillis(idleNanos) / 1000.0 + " s").phase(phase).retryable(true).build());
            } else {
                String tooSlow = rate.check(now, watched.bytesReceived());
                if (tooSlow != null) {
                    // not retryable: a server that trickles now will trickle on the next attempt too
                    watched.abort(RegistryException.builder(Category.TRANSFER_TIMEOUT, what + " " + tooSlow).phase(phase).build());
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * The minimum transfer rate, measured over consecutive windows (curl's --speed-limit / --speed-time): at the end of
     * each window the bytes received in it must reach rate × window. Only the watchdog thread touches it.
     */
    static final class RateWindow {
        private final long minRate;
        private final long windowNanos;
        private long windowStart;
        private long bytesAtStart;

        RateWindow(long minRate, long windowNanos, long now) {
            this.minRate = minRate;
            this.windowNanos = windowNanos;
            this.windowStart = now;
        }

        /** @return why the transfer is too slow, or null */
        String check(long now, long bytes) {
            long elapsed = now - windowStart;
            if (minRate <= 0 || elapsed < windowNanos) {
                return null;
            }
            double seconds = elapsed / 1e9;
            double measured = (bytes - bytesAtStart) / seconds;
            windowStart = now;
            bytesAtStart = bytes;
            if (measured >= minRate) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "was too slow: %s over the last %.1f s, below the minimum of %s",
                    rate(measured), seconds, rate(minRate));
        }

        static String rate(double bytesPerSecond) {
            if (bytesPerSecond >= 1024 * 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f MiB/s", bytesPerSecond / (1024 * 1024));
            }
            if (bytesPerSecond >= 1024) {
                return String.format(java.util.Locale.ROOT, "%.1f KiB/s", bytesPerSecond / 1024);
            }
            return String.format(java.util.Locale.ROOT, "%.0f B/s", bytesPerSecond);
        }
    }
}
