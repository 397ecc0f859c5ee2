package io.registryconsole.audit;

public enum AuditAction {
    CREATE, UPDATE, DELETE
}
