package io.registryconsole.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recorded change. Append-only, so it needs no version. */
@Entity
@Table(name = "audit_event")
class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    private AuditAction action;

    @Column(name = "entity_type", nullable = false, updatable = false, length = 50)
    private String entityType;

    @Column(name = "entity_id", nullable = false, updatable = false, length = 64)
    private String entityId;

    @Column(name = "entity_name", updatable = false)
    private String entityName;

    @Column(name = "before_json", updatable = false, length = 200_000)
    private String beforeJson;

    @Column(name = "after_json", updatable = false, length = 200_000)
    private String afterJson;

    protected AuditEvent() {
    }

    AuditEvent(Instant occurredAt, String actor, AuditAction action, String entityType, String entityId,
               String entityName, String beforeJson, String afterJson) {
        this.occurredAt = occurredAt;
        this.actor = actor;
        this.action = action;
        this.entityType = entityType;
        this.entityId = entityId;
        this.entityName = entityName;
        this.beforeJson = beforeJson;
        this.afterJson = afterJson;
    }

    Long id() {
        return id;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    String actor() {
        return actor;
    }

    AuditAction action() {
        return action;
    }

    String entityType() {
        return entityType;
    }

    String entityId() {
        return entityId;
    }

    String entityName() {
        return entityName;
    }

    String beforeJson() {
        return beforeJson;
    }

    String afterJson() {
        return afterJson;
    }
}
