package io.registryconsole.audit;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "AuditEvent")
public record AuditEventView(
    long id,
    Instant occurredAt,
    @Schema(description = "user name, or 'system' for changes the console makes itself") String actor,
    AuditAction action,
    @Schema(example = "REGISTRY") String entityType,
    String entityId,
    String entityName,
    @Schema(nullable = true, description = "snapshot before the change, secrets redacted; null for CREATE") Map<String, Object> before,
    @Schema(nullable = true, description = "snapshot after the change, secrets redacted; null for DELETE") Map<String, Object> after) {
}
