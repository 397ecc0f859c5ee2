package io.registryconsole;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.task.OnStartup;
import com.github.kagkarlsson.scheduler.task.Task;

import io.registryconsole.probe.ProbeProperties;
import io.registryconsole.replication.ReplicationProperties;
import io.registryconsole.shared.ConsoleScheduler;

/**
 * Builds the one {@link ConsoleScheduler} from every db-scheduler {@link Task} bean the features contribute (probes,
 * replication rules, ...); recurring tasks ({@link OnStartup}) get their first execution when it starts.
 * <p>
 * Settings come from the features that need them most: the instance name, probe concurrency and poll interval of
 * {@code console.probes} (plus one thread for the other tasks; the shorter of the probes' and the replication rules'
 * poll intervals), and stopping waits for a running probe. These apply whether probes are enabled or not.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleScheduling {

    /** Threads beside the probes': replication rules only start a replication (it runs on its own pool). */
    static final int OTHER_TASK_THREADS = 1;

    /**
     * @param clock the scheduler's time; the system clock unless a context supplies a db-scheduler {@link Clock} bean,
     *              as the probe scheduling test does to run rounds one at a time
     */
    @Bean
    ConsoleScheduler consoleScheduler(DataSource dataSource, ObjectProvider<Task<?>> tasks, ProbeProperties probes,
                                      ReplicationProperties replications, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(SystemClock::new);
        List<Task<?>> known = new ArrayList<>();
        List<Task<?>> recurring = new ArrayList<>();
        tasks.orderedStream().forEach(task -> (task instanceof OnStartup ? recurring : known).add(task));
        var poll = probes.pollInterval().compareTo(replications.schedulerPoll()) <= 0 ? probes.pollInterval() : replications.schedulerPoll();
        ConsoleScheduler.UnresolvedTasks unresolved = new ConsoleScheduler.UnresolvedTasks();
        // a stopped db-scheduler cannot start again, so the ConsoleScheduler builds a new one on each start
        Supplier<Scheduler> schedulers = () -> Scheduler.create(dataSource, known)
            .addSchedulerListener(unresolved)
            .startTasks(startTasks(recurring))
            .threads(probes.concurrency() + OTHER_TASK_THREADS)
            .pollingInterval(poll)
            .schedulerName(new SchedulerName.Fixed(probes.instanceName()))
            // an instance that dies while running a task is noticed after 6 missed heartbeats (3 min, not 30)
            .heartbeatInterval(java.time.Duration.ofSeconds(30))
            // stopping waits for running probes; each is bounded by the probe timeout
            .shutdownMaxWait(probes.timeout().plusSeconds(5))
            .enableImmediateExecution()
            .clock(time)
            .build();
        return new ConsoleScheduler(schedulers, time, unresolved);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T extends Task<?> & OnStartup> List<T> startTasks(List<Task<?>> recurring) {
        return (List) recurring;
    }
}
