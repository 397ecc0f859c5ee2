package io.registryconsole.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;

/**
 * Scheduled rules on db-scheduler, as probes are: one {@value #RULE} execution per rule (instance id = rule id) in the
 * shared {@code scheduled_tasks} table; an instance runs it only after moving its row's version forward, so with
 * several console instances each interval starts the rule's replication exactly once. Each run reschedules itself
 * one interval later; a new rule runs at once, a deleted one is removed.
 */
@Configuration(proxyBeanMethods = false)
class ReplicationScheduling {

    static final String RULE = "replication-rule";
    private static final Logger log = LoggerFactory.getLogger(ReplicationScheduling.class);

    @Bean
    RuleScheduler replicationRuleScheduler(DataSource dataSource, ReplicationRuleService rules, ReplicationProperties properties) {
        CustomTask<Void> task = Tasks.custom(RULE, Void.class)
            .execute((instance, context) -> {
                Optional<Duration> next = rules.trigger(Long.parseLong(instance.getId()));
                return (CompletionHandler<Void>) (complete, operations) -> {
                    if (next.isPresent()) {
                        operations.reschedule(complete, Instant.now().plus(next.get()));
                    } else {
                        operations.remove();
                    }
                };
            });
        // a db-scheduler Scheduler cannot start again once stopped, so each start builds a new one
        Supplier<Scheduler> schedulers = () -> Scheduler.create(dataSource, List.of(task))
            .threads(1)
            .pollingInterval(properties.schedulerPoll())
            .schedulerName(new SchedulerName.Fixed("replication-" + UUID.randomUUID()))
            .heartbeatInterval(Duration.ofSeconds(30))
            .enableImmediateExecution()
            .build();
        return new RuleScheduler(schedulers, task);
    }

    static final class RuleScheduler implements SmartLifecycle {

        private final Supplier<Scheduler> schedulers;
        private final CustomTask<Void> task;
        private volatile Scheduler scheduler;
        private volatile boolean running;

        RuleScheduler(Supplier<Scheduler> schedulers, CustomTask<Void> task) {
            this.schedulers = schedulers;
            this.task = task;
            this.scheduler = schedulers.get();
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void ruleChanged(AuditableChange change) {
            if (!ReplicationRuleService.ENTITY_TYPE.equals(change.entityType())) {
                return;
            }
            try {
                if (change.action() == AuditAction.DELETE) {
                    scheduler.cancel(TaskInstanceId.of(RULE, change.entityId()));
                } else if (change.action() == AuditAction.CREATE) {
                    scheduler.scheduleIfNotExists(task.instance(change.entityId()), Instant.now());
                }
            } catch (RuntimeException e) {
                log.warn("Could not (un)schedule replication rule {}: {}", change.entityId(), e.toString());
            }
        }

        @Override
        public void start() {
            if (scheduler.getSchedulerState().isShuttingDown()) {
                // stopped before (Spring pauses and restarts contexts, e.g. the test context cache)
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
}
