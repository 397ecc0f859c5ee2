package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.shared.ConsoleScheduler;

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
 * The tasks are beans run by the console's one {@link ConsoleScheduler}; with probes disabled they do not exist.
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

    @Bean
    OneTimeTask<Void> probeTask(ProbeRunner runner) {
        return Tasks.oneTime(PROBE)
            // a probe that failed unexpectedly is not retried: the next round probes the registry again
            .onFailure((complete, operations) -> operations.remove())
            .execute((instance, context) -> runner.run(Long.parseLong(instance.getId())));
    }

    @Bean
    RecurringTask<Void> probeRound(RegistryService registries, OneTimeTask<Void> probeTask, ProbeProperties properties) {
        return Tasks.recurring(ROUND, FixedDelay.of(properties.interval()))
            .execute((instance, context) -> {
                Instant start = context.getExecution().executionTime;
                List<RegistrySummary> all = registries.allSummaries();
                int enqueued = 0;
                for (RegistrySummary registry : all) {
                    Instant at = start.plus(offset(registry.id(), properties.jitter()));
                    if (context.getSchedulerClient().scheduleIfNotExists(probeTask.instance(String.valueOf(registry.id())), at)) {
                        enqueued++;
                    }
                }
                log.debug("Probe round of {}: {} registries, {} probes enqueued", start, all.size(), enqueued);
            });
    }

    @Bean
    RecurringTask<Void> probeRetentionTask(ProbeRetention retention) {
        return Tasks.recurring(RETENTION, FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> retention.purge());
    }

    @Bean
    ProbeOnChange probeOnChange(ConsoleScheduler scheduler, OneTimeTask<Void> probeTask) {
        return new ProbeOnChange(scheduler, probeTask);
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

    /** A registry that is created or changed is probed right away rather than at the next round. */
    static final class ProbeOnChange {

        private final ConsoleScheduler scheduler;
        private final OneTimeTask<Void> probe;

        ProbeOnChange(ConsoleScheduler scheduler, OneTimeTask<Void> probe) {
            this.scheduler = scheduler;
            this.probe = probe;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
        void registryChanged(AuditableChange change) {
            if (!scheduler.isRunning() || !RegistryService.ENTITY_TYPE.equals(change.entityType())
                || change.action() == AuditAction.DELETE) {
                return;
            }
            try {
                scheduler.scheduleIfNotExists(probe.instance(change.entityId()), scheduler.now());
            }
            catch (RuntimeException e) {
                // the change is committed; its probe just waits for the next round
                log.warn("Could not enqueue a probe of registry {}: {}", change.entityId(), e.toString());
            }
        }
    }
}
