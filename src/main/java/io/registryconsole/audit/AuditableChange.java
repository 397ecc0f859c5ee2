package io.registryconsole.audit;

/**
 * Published by a feature service, inside its transaction, for every change it makes. The audit trail records it in
 * the same transaction, so a change and its audit entry are stored together or not at all.
 *
 * <p>{@code before} and {@code after} are snapshots (records) serialized to JSON; pass views without secrets. As a
 * second line of defence, string fields whose names suggest a secret (password, token, secret, ...) are redacted.
 *
 * @param entityType e.g. {@code REGISTRY}, {@code ENVIRONMENT}, {@code USER}
 * @param before     null for CREATE
 * @param after      null for DELETE
 */
public record AuditableChange(AuditAction action, String entityType, String entityId, String entityName, Object before,
                              Object after) {

    public static AuditableChange created(String entityType, Object id, String name, Object after) {
        return new AuditableChange(AuditAction.CREATE, entityType, String.valueOf(id), name, null, after);
    }

    public static AuditableChange updated(String entityType, Object id, String name, Object before, Object after) {
        return new AuditableChange(AuditAction.UPDATE, entityType, String.valueOf(id), name, before, after);
    }

    public static AuditableChange deleted(String entityType, Object id, String name, Object before) {
        return new AuditableChange(AuditAction.DELETE, entityType, String.valueOf(id), name, before, null);
    }
}
