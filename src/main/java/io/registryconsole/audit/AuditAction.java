package io.registryconsole.audit;

public enum AuditAction {
    CREATE, UPDATE, DELETE,
    /** a configuration export that held credentials was handed out (format and environment recorded, never the content) */
    EXPORT
}
