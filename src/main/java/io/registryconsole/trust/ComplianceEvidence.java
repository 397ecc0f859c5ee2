package io.registryconsole.trust;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.environment.TrustPolicy;

/** Everything the rules judge, measured once when a report is made. */
record ComplianceEvidence(EnvironmentView environment, TrustPolicy trust, List<RegistryEvidence> registries,
                          Optional<Instant> oldestAuditEvent, long auditEvents, ComplianceProperties settings, Instant now) {
}
