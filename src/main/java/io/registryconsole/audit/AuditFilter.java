package io.registryconsole.audit;

/**
 * @param entityType e.g. REGISTRY (case-insensitive); null for any
 * @param entityId   null for any
 */
public record AuditFilter(String entityType, String entityId) {

    public static final AuditFilter ALL = new AuditFilter(null, null);
}
