package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.SystemClock;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
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
 * All instances should run with the same {@code console.probes} settings: whichever instance runs a round schedules
 * the next one with its own interval.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "console.probes.enabled", matchIfMissing = true)
class ProbeScheduling {

    static final String ROUND = "probe-round";
    static final String PROBE = "registry-probe";
    static final String RETENTION = "probe-retention";

    private static final Logger log = LoggerFactory.getLogger(ProbeScheduling.class);

    /**
     * @param clock the scheduler's time (when a round or probe is due); the system clock unless a context supplies a
     *              db-scheduler {@link Clock} bean, as the scheduling test does to run rounds one at a time
     */
    @Bean
    ProbeScheduler probeScheduler(DataSource dataSource, RegistryService registries, ProbeRunner runner,
                                  ProbeRetention retention, ProbeProperties properties, ObjectProvider<Clock> clock) {
        OneTimeTask<Void> probe = probeTask(runner);
        Clock time = clock.getIfAvailable(SystemClock::new);
        return new ProbeScheduler(build(dataSource, registries, probe, retention, properties, time), probe, time);
    }

    static OneTimeTask<Void> probeTask(ProbeRunner runner) {
        return Tasks.oneTime(PROBE)
            // a probe that failed unexpectedly is not retried: the next round probes the registry again
            .onFailure((complete, operations) -> operations.remove())
            .execute((instance, context) -> runner.run(Long.parseLong(instance.getId())));
    }

    static Scheduler build(DataSource dataSource, RegistryService registries, OneTimeTask<Void> probe,
                           ProbeRetention retention, ProbeProperties properties, Clock clock) {
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
            // an instance that dies while running the round is noticed after 6 missed heartbeats (3 min, not 30)
            .heartbeatInterval(Duration.ofSeconds(30))
            // stopping waits for running probes; each is bounded by the probe timeout
            .shutdownMaxWait(properties.timeout().plusSeconds(5))
            .enableImmediateExecution()
            .clock(clock)
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

    /**
     * Starts the scheduler once the application is up (migrations done) and stops it first on shutdown. A registry
     * that is created or changed is probed right away rather than at the next round.
     */
    static final class ProbeScheduler implements SmartLifecycle {

        private final Scheduler scheduler;
        private final OneTimeTask<Void> probe;
        private final Clock clock;
        private volatile boolean running;

        ProbeScheduler(Scheduler scheduler, OneTimeTask<Void> probe, Clock clock) {
            this.scheduler = scheduler;
            this.probe = probe;
            this.clock = clock;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
        void registryChanged(AuditableChange change) {
            if (!running || !RegistryService.ENTITY_TYPE.equals(change.entityType())
                || change.action() == AuditAction.DELETE) {
                return;
            }
            try {
                scheduler.scheduleIfNotExists(probe.instance(change.entityId()), clock.now());
            }
            catch (RuntimeException e) {
                // the change is committed; its probe just waits for the next round
                log.warn("Could not enqueue a probe of registry {}: {}", change.entityId(), e.toString());
            }
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
