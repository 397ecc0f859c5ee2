package io.registryconsole.trust;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The compliance report's yardsticks ({@code console.compliance.*}).
 *
 * @param credentialRotationAge    a stored registry secret older than this fails CREDENTIALS_FRESH
 * @param certificateWarning       a certificate expiring within this warns in CERTIFICATES_VALID
 * @param auditRetention           how long audit events are kept where this console's database lives; empty: the console
 *                                 deletes none (set it when a database job prunes {@code audit_event})
 * @param requiredAuditRetention   what AUDIT_RETAINED demands (MLPS 2.0 asks for at least six months of audit records)
 */
@Validated
@ConfigurationProperties("console.compliance")
public record ComplianceProperties(@NotNull @DefaultValue("90d") Duration credentialRotationAge,
                                   @NotNull @DefaultValue("30d") Duration certificateWarning,
                                   Duration auditRetention,
                                   @NotNull @DefaultValue("180d") Duration requiredAuditRetention) {
}
