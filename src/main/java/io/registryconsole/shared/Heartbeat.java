package io.registryconsole.shared;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs one housekeeping task at once and then every period (at least a second). A failing run
 * is logged and the next one still comes: a database that is away for a moment must not end the heartbeat.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService timer;

    private Heartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts {@code task} now and every {@code period}; {@code name} names the thread and the log lines. */
    public static Heartbeat start(String name, Duration period, Runnable task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        Runnable safely = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", name, e.toString());
            }
        };
        timer.scheduleWithFixedDelay(safely, 0, Math.max(1000, period.toMillis()), TimeUnit.MILLISECONDS);
        return new Heartbeat(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
