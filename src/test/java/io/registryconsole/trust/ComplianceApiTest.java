package io.registryconsole.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.TrustRequest;
import io.registryconsole.lab.CosignFixtures;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * The compliance report through the API, the CSV and the page, each rule measured against lab registries: an open
 * plain-HTTP registry, a TLS registry with htpasswd, one with an expired certificate.
 */
@Tag("db")
@ConsoleLabTest
class ComplianceApiTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registryService;

    @Autowired
    EnvironmentService environmentService;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    DocumentContext report(long environment) {
        MvcTestResult result = mvc.get().uri("/api/v1/environments/" + environment + "/compliance").exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(body(result));
    }

    static String status(DocumentContext report, String rule) {
        List<String> found = report.read("$.rules[?(@.id == '" + rule + "')].status");
        assertThat(found).as(report.jsonString()).hasSize(1);
        return found.get(0);
    }

    static String evidence(DocumentContext report, String rule) {
        List<String> found = report.read("$.rules[?(@.id == '" + rule + "')].evidence");
        return found.get(0);
    }

    @Test
    void aSignedTlsEnvironmentWithFreshCredentialsPasses(@Use(Variant.TLS_BASIC) LabRegistry lab) {
        long registry = console.register(lab);
        CosignFixtures.KeyPair key = new CosignFixtures(RegistryLab.get().runDir().resolve("compliance")).ecKey("compliance");
        long env = environmentService.create(new EnvironmentRequest("compliant", null, null, null, null,
            List.of(BindingRequest.primary(registry)), null, new TrustRequest(true, List.of(key.publicPem())))).id();

        DocumentContext report = report(env);

        assertThat(report.<List<String>>read("$.rules[*].id")).startsWith("TRANSPORT_ENCRYPTED", "AUTHENTICATED_ACCESS",
            "CREDENTIALS_FRESH", "CERTIFICATES_VALID", "SIGNATURES_REQUIRED", "AUDIT_RETAINED");
        assertThat(report.<String>read("$.environment.name")).isEqualTo("compliant");
        assertThat(report.<String>read("$.checkedAt")).isNotBlank();
        assertThat(status(report, "TRANSPORT_ENCRYPTED")).isEqualTo("PASS");
        assertThat(evidence(report, "TRANSPORT_ENCRYPTED")).contains("TLS");
        assertThat(status(report, "AUTHENTICATED_ACCESS")).isEqualTo("PASS");
        assertThat(evidence(report, "AUTHENTICATED_ACCESS")).contains("answered 401");
        assertThat(status(report, "CREDENTIALS_FRESH")).isEqualTo("PASS");
        assertThat(evidence(report, "CREDENTIALS_FRESH")).contains("0 days ago");
        // the lab's certificates live 30 days, inside the default warning window: that is the live evidence
        assertThat(status(report, "CERTIFICATES_VALID")).isEqualTo("WARN");
        assertThat(evidence(report, "CERTIFICATES_VALID")).contains("expires on");
        assertThat(status(report, "SIGNATURES_REQUIRED")).isEqualTo("PASS");
        assertThat(status(report, "AUDIT_RETAINED")).isEqualTo("PASS");
        assertThat(report.<List<String>>read("$.rules[?(@.id == 'AUDIT_RETAINED')].controls[0]")).singleElement().asString()
            .contains("等保 2.0").contains("security audit");
        assertThat(report.<List<String>>read("$.rules[*].id")).doesNotContain("DATA_RESIDENCY");
        assertThat(report.<Integer>read("$.score")).isEqualTo(92);

        MvcTestResult csv = mvc.get().uri("/api/v1/environments/" + env + "/compliance?format=csv").exchange();
        assertThat(csv).hasStatusOk();
        assertThat(csv.getResponse().getContentType()).startsWith("text/csv");
        List<String> lines = body(csv).lines().toList();
        assertThat(lines.get(0)).isEqualTo("environment,checkedAt,rule,title,status,evidence,remediation,controls");
        assertThat(lines).hasSize(7).anySatisfy(l -> assertThat(l).contains("\"SIGNATURES_REQUIRED\"", "\"PASS\""));

        MvcTestResult page = mvc.get().uri("/environments/" + env + "/compliance").exchange();
        assertThat(page).hasStatusOk();
        assertThat(body(page)).contains("rule-CERTIFICATES_VALID").contains("92 %");
        MvcTestResult dashboard = mvc.get().uri("/").exchange();
        assertThat(body(dashboard)).contains("compliance-score-" + env).contains("92 %");
    }

    @Test
    void anOpenPlainHttpRegistryStaleCredentialsAndNoPolicyFail(@Use(Variant.ANONYMOUS) LabRegistry open,
                                                                 @Use(Variant.TLS_BASIC) LabRegistry basic) {
        long anonymous = console.register(open);
        long withLogin = console.register(basic);
        long env = console.environment("lax", null, "linux/amd64", List.of(BindingRequest.primary(anonymous),
            BindingRequest.primary(withLogin)));
        jdbc.update("update registry set credential_set_at = ? where id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(200))),
            withLogin);

        DocumentContext report = report(env);

        assertThat(status(report, "TRANSPORT_ENCRYPTED")).isEqualTo("FAIL");
        assertThat(evidence(report, "TRANSPORT_ENCRYPTED")).contains("plain HTTP");
        assertThat(status(report, "AUTHENTICATED_ACCESS")).isEqualTo("FAIL");
        assertThat(evidence(report, "AUTHENTICATED_ACCESS")).contains("answered 200").contains("answered 401");
        assertThat(status(report, "CREDENTIALS_FRESH")).isEqualTo("FAIL");
        assertThat(evidence(report, "CREDENTIALS_FRESH")).contains("200 days ago", "older than the rotation age of 90 days");
        assertThat(status(report, "SIGNATURES_REQUIRED")).isEqualTo("FAIL");
        assertThat(report.<Integer>read("$.score")).isLessThan(50);
    }

    @Test
    void anExpiredCertificateFailsAndRegionsThatDifferFailTheTransferRule(@Use(Variant.EXPIRED_CERT) LabRegistry expired,
                                                                          @Use(Variant.ANONYMOUS) LabRegistry open) {
        long expiredId = registryService.create(new RegistryRequest("expired-eu", expired.baseUrl().toString(), null, false, expired.caPem(),
            null, null, List.of("region=eu-west"), null)).id();
        long openId = registryService.create(new RegistryRequest("open-cn", open.baseUrl().toString(), null, true, null,
            null, null, List.of("region=cn-north"), null)).id();
        long env = console.environment("regions", null, "linux/amd64", List.of(BindingRequest.primary(expiredId),
            BindingRequest.primary(openId)));

        DocumentContext report = report(env);

        assertThat(status(report, "CERTIFICATES_VALID")).isEqualTo("FAIL");
        assertThat(evidence(report, "CERTIFICATES_VALID")).contains("expired-eu");
        assertThat(status(report, "DATA_RESIDENCY")).isEqualTo("FAIL");
        assertThat(evidence(report, "DATA_RESIDENCY")).contains("eu-west to cn-north");
        assertThat(report.<List<String>>read("$.rules[?(@.id == 'DATA_RESIDENCY')].controls[0]")).singleElement().asString().contains("GDPR");

        registryService.update(openId, new RegistryRequest("open-cn", open.baseUrl().toString(), null, true, null, null, null,
            List.of("region=eu-west"), registryService.get(openId).version()));
        assertThat(status(report(env), "DATA_RESIDENCY")).isEqualTo("PASS");
        assertThat(mvc.get().uri("/api/v1/environments/" + env + "/compliance?format=xml").exchange()).hasStatus4xxClientError();
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
