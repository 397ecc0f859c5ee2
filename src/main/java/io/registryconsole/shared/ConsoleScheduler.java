package io.registryconsole.shared;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.context.SmartLifecycle;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

/**
 * The console's one db-scheduler on the {@code scheduled_tasks} table, running the tasks every feature contributes as
 * beans (see {@code io.registryconsole.ConsoleScheduling}). One scheduler, because a scheduler that meets a task name
 * it does not know logs it on every poll and may delete the execution as "unresolved": two schedulers on one table
 * would each do so for the other's tasks. Started once the application is up (migrations done), stopped first.
 */
public final class ConsoleScheduler implements SmartLifecycle {

    private final Supplier<Scheduler> schedulers;
    private volatile Scheduler scheduler;
    private final Clock clock;
    private final UnresolvedTasks unresolved;
    private volatile boolean running;

    /** @param unresolved the listener given to the scheduler's builder */
    public ConsoleScheduler(Supplier<Scheduler> schedulers, Clock clock, UnresolvedTasks unresolved) {
        this.schedulers = schedulers;
        this.scheduler = schedulers.get();
        this.clock = clock;
        this.unresolved = unresolved;
    }

    /** How often this scheduler met an execution whose task name it does not know (0 when every feature's task is its own). */
    public int unresolvedTasksSeen() {
        return unresolved.seen.get();
    }

    /** Counts the scheduler's "unknown task name" events (db-scheduler logs them itself). */
    public static final class UnresolvedTasks extends AbstractSchedulerListener {

        private final AtomicInteger seen = new AtomicInteger();

        @Override
        public void onSchedulerEvent(SchedulerEventType type) {
            if (type == SchedulerEventType.UNRESOLVED_TASK) {
                seen.incrementAndGet();
            }
        }
    }

    /** Schedules the execution unless one with its name and id is already waiting or running; true when it did. */
    public boolean scheduleIfNotExists(TaskInstance<?> instance, Instant at) {
        return scheduler.scheduleIfNotExists(instance, at);
    }

    public void cancel(TaskInstanceId instance) {
        scheduler.cancel(instance);
    }

    /** The scheduler's time (a test may supply a db-scheduler {@link Clock} bean). */
    public Instant now() {
        return clock.now();
    }

    /** For tests that drive the scheduler (e.g. ask it to poll now). */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void start() {
        if (scheduler.getSchedulerState().isShuttingDown()) {
            // stopped before: Spring may stop and start a context's lifecycle (the test context cache pauses contexts)
            scheduler = schedulers.get();
        }
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        scheduler.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
