package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;

/**
 * Probes on a db-scheduler: every state lives in the {@code scheduled_tasks} table, and an instance runs an execution
 * only after moving its row's version forward, so with several console instances on one database each execution runs
 * exactly once.
 * <ul>
 * <li>{@value #ROUND} (recurring, fixed delay of {@link ProbeProperties#interval()}): enqueues one
 * {@value #PROBE} execution per registry at the round's start plus the registry's offset in the jitter window.
 * It uses schedule-if-not-exists, so a probe still waiting or running is not enqueued twice.</li>
 * <li>{@value #PROBE} (one-time, instance id = registry id): probes one registry. Any instance may run it; each runs at
 * most {@link ProbeProperties#concurrency()} at a time.</li>
 * <li>{@value #RETENTION} (recurring, hourly): deletes history older than {@link ProbeProperties#retention()}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "console.probes.enabled", matchIfMissing = true)
class ProbeScheduling {

    static final String ROUND = "probe-round";
    static final String PROBE = "registry-probe";
    static final String RETENTION = "probe-retention";

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduling.class);

    @Bean
    ProbeScheduler probeScheduler(DataSource dataSource, RegistryService registries, ProbeRunner runner,
                                  ProbeRetention retention, ProbeProperties properties) {
        return new ProbeScheduler(build(dataSource, registries, runner, retention, properties));
    }

    static Scheduler build(DataSource dataSource, RegistryService registries, ProbeRunner runner, ProbeRetention retention,
                           ProbeProperties properties) {
        OneTimeTask<Void> probe = Tasks.oneTime(PROBE)
            // a probe that failed unexpectedly is not retried: the next round probes the registry again
            .onFailure((complete, operations) -> operations.remove())
            .execute((instance, context) -> runner.run(Long.parseLong(instance.getId())));
        RecurringTask<Void> round = Tasks.recurring(ROUND, FixedDelay.of(properties.interval()))
            .execute((instance, context) -> {
                Instant start = context.getExecution().executionTime;
                List<RegistrySummary> all = registries.allSummaries();
                int enqueued = 0;
                for (RegistrySummary registry : all) {
                    Instant at = start.plus(offset(registry.id(), properties.jitter()));
                    if (context.getSchedulerClient().scheduleIfNotExists(probe.instance(String.valueOf(registry.id())), at)) {
                        enqueued++;
                    }
                }
                log.debug("Probe round of {}: {} registries, {} probes enqueued", start, all.size(), enqueued);
            });
        RecurringTask<Void> purge = Tasks.recurring(RETENTION, FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> retention.purge());
        return Scheduler.create(dataSource, List.of(probe))
            .startTasks(List.of(round, purge))
            .threads(properties.concurrency())
            .pollingInterval(properties.pollInterval())
            .schedulerName(new SchedulerName.Fixed(properties.instanceName()))
            // stopping waits for running probes; each is bounded by the probe timeout
            .shutdownMaxWait(properties.timeout().plusSeconds(5))
            .enableImmediateExecution()
            .build();
    }

    /**
     * The registry's place in the jitter window. Fixed per registry (as Prometheus spreads its scrapes), so each
     * registry is still probed once per interval, while 200 registries spread over the window instead of firing at once.
     */
    static Duration offset(long registryId, Duration jitter) {
        long window = jitter.toMillis();
        if (window <= 0) {
            return Duration.ZERO;
        }
        long mixed = registryId * 0x9E3779B97F4A7C15L; // Fibonacci hashing: neighbouring ids land far apart
        return Duration.ofMillis(Math.floorMod(mixed ^ (mixed >>> 32), window));
    }

    /** Starts the scheduler once the application is up (migrations done) and stops it first on shutdown. */
    static final class ProbeScheduler implements SmartLifecycle {

        private final Scheduler scheduler;
        private volatile boolean running;

        ProbeScheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        Scheduler scheduler() {
            return scheduler;
        }

        @Override
        public void start() {
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
}
