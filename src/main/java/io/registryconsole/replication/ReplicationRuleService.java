package io.registryconsole.replication;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.audit.AuditableChange;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;

/** Scheduled replication rules: stored, audited, and run by {@link ReplicationScheduling} once per interval. */
@Service
public class ReplicationRuleService {

    static final String ENTITY_TYPE = "REPLICATION_RULE";
    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(ReplicationRuleService.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final ReplicationRuleStore store;
    private final ReplicationService replications;
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    ReplicationRuleService(ReplicationRuleStore store, ReplicationService replications, ApplicationEventPublisher events) {
        this.store = store;
        this.replications = replications;
        this.events = events;
    }

    @Transactional
    public ReplicationRuleView create(ReplicationRuleRequest request, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (!NAME.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "lowercase letters, digits and dashes, at most 63"));
        }
        Duration interval = null;
        try {
            interval = request.interval() == null ? null : Duration.parse(request.interval().strip());
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            problems.add(new FieldProblem("interval", "an ISO-8601 duration of at least PT1M, e.g. PT1H"));
        }
        ReplicationService.Validated validated = null;
        try {
            validated = replications.validate(request.replication(), null, actor);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (store.nameTaken(name)) {
            throw new ConflictException(ConflictException.Reason.DUPLICATE_NAME, "a replication rule named " + name + " exists");
        }
        long id = store.insert(name, interval, validated.spec(), clock.instant());
        ReplicationRuleView view = get(id);
        events.publishEvent(AuditableChange.created(ENTITY_TYPE, id, name, view));
        return view;
    }

    public ReplicationRuleView get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("replication rule", id));
    }

    public List<ReplicationRuleView> list() {
        return store.all();
    }

    @Transactional
    public void delete(long id) {
        ReplicationRuleView view = get(id);
        store.delete(id);
        events.publishEvent(AuditableChange.deleted(ENTITY_TYPE, id, view.name(), view));
    }

    /**
     * Starts the rule's replication (called by the scheduler, on one instance per interval).
     *
     * @return the interval until the next run, or empty when the rule is gone (or can no longer run)
     */
    Optional<Duration> trigger(long id) {
        Optional<ReplicationRuleView> rule = store.find(id);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        ReplicationRuleView r = rule.get();
        try {
            ReplicationService.Validated v = replications.validate(new ReplicationRequest(r.sourceRegistryId(), r.targetRegistryId(),
                r.repositories(), r.tags(), r.targetPrefix(), r.platforms(), r.withReferrers(), r.dryRun()), id, "rule:" + r.name());
            ReplicationView started = replications.start(v);
            store.ran(id, started.id());
        } catch (InvalidInputException e) {
            // e.g. a registry of the rule was deleted: the rule stays, and says so in the log until fixed
            log.warn("Replication rule {} cannot run: {}", r.name(), e.problems());
        }
        return Optional.of(Duration.parse(r.interval()));
    }
}
