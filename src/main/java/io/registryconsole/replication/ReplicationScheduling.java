package io.registryconsole.replication;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.shared.ConsoleScheduler;

/**
 * Scheduled rules on db-scheduler, as probes are: one {@value #RULE} execution per rule (instance id = rule id) in the
 * shared {@code scheduled_tasks} table; an instance runs it only after moving its row's version forward, so with
 * several console instances each interval starts the rule's replication exactly once. Each run reschedules itself
 * one interval later; a new rule runs at once, a deleted one is removed. The task is a bean run by the console's one
 * {@link ConsoleScheduler}, with or without probes.
 */
@Configuration(proxyBeanMethods = false)
class ReplicationScheduling {

    static final String RULE = "replication-rule";
    private static final Logger log = LoggerFactory.getLogger(ReplicationScheduling.class);

    @Bean
    CustomTask<Void> replicationRuleTask(ReplicationRuleService rules) {
        return Tasks.custom(RULE, Void.class)
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
    }

    @Bean
    RuleOnChange replicationRuleOnChange(ConsoleScheduler scheduler, CustomTask<Void> replicationRuleTask) {
        return new RuleOnChange(scheduler, replicationRuleTask);
    }

    /** A new rule runs at once; a deleted one loses its waiting execution. */
    static final class RuleOnChange {

        private final ConsoleScheduler scheduler;
        private final CustomTask<Void> task;

        RuleOnChange(ConsoleScheduler scheduler, CustomTask<Void> task) {
            this.scheduler = scheduler;
            this.task = task;
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
    }
}
