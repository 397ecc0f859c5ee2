package io.registryconsole.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.criteria.Predicate;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.account.AccountChanged;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.Sorting;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail: records every {@link AuditableChange} in the transaction that made it, and lists them. */
@Service
public class AuditService {

    static final String SYSTEM = "system";
    private static final Set<String> SORTABLE = Set.of("occurredAt", "id");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final AuditEventRepository repository;
    private final JsonMapper json;

    AuditService(AuditEventRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /**
     * Synchronous and MANDATORY: runs inside the publishing service's transaction, so if either the change or its
     * audit entry fails, neither is stored; and an audit entry can never be written for a change that rolled back.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditableChange change) {
        repository.save(new AuditEvent(Instant.now().truncatedTo(ChronoUnit.MICROS), currentActor(), change.action(),
            change.entityType(), change.entityId(), change.entityName(), snapshot(change.before()),
            snapshot(change.after())));
    }

    /** Users and API tokens: the account feature publishes its own event, translated here into the trail's terms. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AccountChanged change) {
        record(new AuditableChange(accountAction(change.action()), change.entityType().replace('-', '_').toUpperCase(Locale.ROOT),
            change.entityId(), change.entityName(), change.before().isEmpty() ? null : change.before(),
            change.after().isEmpty() ? null : change.after()));
    }

    private static AuditAction accountAction(String action) {
        if (action.endsWith("_CREATED")) {
            return AuditAction.CREATE;
        }
        return action.endsWith("_UPDATED") ? AuditAction.UPDATE : AuditAction.DELETE;
    }

    @Transactional(readOnly = true)
    public PageView<AuditEventView> list(AuditFilter filter, Pageable pageable) {
        Pageable page = Sorting.restrict(pageable, SORTABLE, Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id")));
        return PageView.of(repository.findAll(matching(filter), page), this::view);
    }

    private static Specification<AuditEvent> matching(AuditFilter filter) {
        return (root, query, cb) -> {
            List<Predicate> predicates = new ArrayList<>();
            if (filter.entityType() != null && !filter.entityType().isBlank()) {
                predicates.add(cb.equal(root.get("entityType"), filter.entityType().strip().toUpperCase(Locale.ROOT)));
            }
            if (filter.entityId() != null && !filter.entityId().isBlank()) {
                predicates.add(cb.equal(root.get("entityId"), filter.entityId().strip()));
            }
            return cb.and(predicates.toArray(Predicate[]::new));
        };
    }

    private AuditEventView view(AuditEvent event) {
        return new AuditEventView(event.id(), event.occurredAt(), event.actor(), event.action(), event.entityType(),
            event.entityId(), event.entityName(), parse(event.beforeJson()), parse(event.afterJson()));
    }

    private String snapshot(Object state) {
        if (state == null) {
            return null;
        }
        JsonNode tree = json.valueToTree(state);
        return json.writeValueAsString(SecretRedaction.redact(tree));
    }

    private Map<String, Object> parse(String snapshot) {
        return snapshot == null ? null : json.readValue(snapshot, MAP);
    }

    private static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
            || authentication instanceof AnonymousAuthenticationToken) {
            return SYSTEM;
        }
        return authentication.getName();
    }
}
