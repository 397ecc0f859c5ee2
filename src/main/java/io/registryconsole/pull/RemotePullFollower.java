package io.registryconsole.pull;

import static io.registryconsole.shared.EventStream.send;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The events of a test pull that runs on another console instance (several instances behind one load balancer):
 * its stored state, read again every interval and sent as {@code state} when it changed, then {@code end}. Coarser
 * than the running instance's own stream (no byte progress), but a page or script connected to any instance sees the
 * test pull through to its result.
 */
final class RemotePullFollower {

    private RemotePullFollower() {
    }

    static void follow(SseEmitter emitter, PullTestView current, Supplier<PullTestView> read, ScheduledExecutorService timer,
                       Duration interval) {
        if (!send(emitter, "state", current)) {
            return;
        }
        AtomicReference<PullTestView> last = new AtomicReference<>(current);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable poll = () -> {
            try {
                PullTestView now = read.get();
                boolean alive = now.equals(last.get()) || send(emitter, "state", now);
                last.set(now);
                if (alive && now.status().isFinished()) {
                    send(emitter, "end", now);
                }
                if (!alive || now.status().isFinished()) {
                    emitter.complete();
                    task.get().cancel(false);
                }
            } catch (RuntimeException e) {
                emitter.complete();
                task.get().cancel(false);
            }
        };
        long millis = Math.max(100, interval.toMillis());
        task.set(timer.scheduleWithFixedDelay(poll, millis, millis, TimeUnit.MILLISECONDS));
        emitter.onCompletion(() -> task.get().cancel(false));
        emitter.onTimeout(() -> task.get().cancel(false));
        emitter.onError(e -> task.get().cancel(false));
    }

}
