package io.registryconsole.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.PingResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.environment.TrustPolicy;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;

/**
 * Rules whose PASS and FAIL depend on settings, judged on evidence measured live from a lab registry: the
 * certificate window and the audit retention.
 */
@ExtendWith(RegistryLab.Extension.class)
class ComplianceRulesTest {

    private static final EnvironmentView ENVIRONMENT = new EnvironmentView(1, "e", null, "linux/amd64", null, 3, List.of(), Instant.now(),
        Instant.now(), 0);

    private static ComplianceEvidence evidence(List<RegistryEvidence> registries, ComplianceProperties settings) {
        return new ComplianceEvidence(ENVIRONMENT, TrustPolicy.NONE, registries, Optional.of(Instant.now().minus(Duration.ofDays(3))), 12,
            settings, Instant.now());
    }

    private static ComplianceProperties settings(Duration certificateWarning, Duration auditRetention) {
        return new ComplianceProperties(Duration.ofDays(90), certificateWarning, auditRetention, Duration.ofDays(180));
    }

    private static RegistryEvidence measured(LabRegistry lab) {
        RegistryAccess access = new RegistryAccess(1, "lab", lab.baseUrl().toString(), null, false, lab.caPem(), CredentialKind.BASIC,
            "tester", "tester-password", null);
        PingResult ping = RegistryClient.create(RegistryEndpoint.of(access.url(), false, access.caCertificatePem(),
            Credentials.basic("tester", "tester-password"))).ping();
        return new RegistryEvidence(access, List.of(), Optional.of(ping), Optional.empty(), Optional.of(ping.status()), Optional.empty(),
            Optional.of(Instant.now()));
    }

    @Test
    void certificatesPassOutsideTheWarningWindowAndWarnInsideIt(@Use(Variant.TLS_BASIC) LabRegistry lab) {
        RegistryEvidence registry = measured(lab);
        RuleResult pass = new CertificatesValidRule().evaluate(evidence(List.of(registry), settings(Duration.ofDays(7), null)));
        RuleResult warn = new CertificatesValidRule().evaluate(evidence(List.of(registry), settings(Duration.ofDays(60), null)));

        assertThat(pass.status()).as(pass.evidence()).isEqualTo(ComplianceStatus.PASS);
        assertThat(pass.evidence()).contains("lab tlsBasic registry").contains("expires on").contains("(in 29 days)");
        assertThat(warn.status()).isEqualTo(ComplianceStatus.WARN);
    }

    @Test
    void auditRetentionShorterThanRequiredFails() {
        RuleResult forever = new AuditRetainedRule().evaluate(evidence(List.of(), settings(Duration.ofDays(30), null)));
        RuleResult year = new AuditRetainedRule().evaluate(evidence(List.of(), settings(Duration.ofDays(30), Duration.ofDays(365))));
        RuleResult month = new AuditRetainedRule().evaluate(evidence(List.of(), settings(Duration.ofDays(30), Duration.ofDays(30))));

        assertThat(forever.status()).isEqualTo(ComplianceStatus.PASS);
        assertThat(forever.evidence()).contains("deletes no audit event", "12 audit events");
        assertThat(year.status()).isEqualTo(ComplianceStatus.PASS);
        assertThat(month.status()).isEqualTo(ComplianceStatus.FAIL);
        assertThat(month.evidence()).contains("kept 30 days", "required: 180 days");
    }

    @Test
    void csvCellsCannotBecomeFormulas() {
        assertThat(ComplianceCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ComplianceCsv.cell("plain, text")).isEqualTo("\"plain, text\"");
    }
}
