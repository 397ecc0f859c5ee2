package io.registryconsole.probe;

import static io.registryconsole.probe.ProbeFixtures.body;
import static io.registryconsole.probe.ProbeFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Probes of real lab registries and of a closed loopback port, through the REST API: history, state changes,
 * uptime, latency, expiry, metrics, and deleting a probed registry.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
@ExtendWith(RegistryLab.Extension.class)
class RegistryProbesTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    String scraperToken;

    @BeforeEach
    void cleanTables() {
        TestTables.clean(jdbc);
    }

    MvcTestResult probe(long id) {
        MvcTestResult result = mvc.post().uri("/api/v1/registries/{id}/probes", id).with(csrf()).exchange();
        assertThat(result).hasStatusOk();
        return result;
    }

    MvcTestResult get(String uri, Object... vars) {
        return mvc.get().uri(uri, vars).exchange();
    }

    /** As Prometheus would scrape: with the API token of a VIEWER user (docs/security.md). */
    String scrape() {
        if (scraperToken == null) {
            TestAccounts accounts = TestAccounts.in(context);
            accounts.deleteAll();
            scraperToken = accounts.token(accounts.user("prometheus", Role.VIEWER));
        }
        MvcTestResult result = mvc.get().uri("/actuator/prometheus")
            .header(HttpHeaders.AUTHORIZATION, TestAccounts.bearer(scraperToken)).exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    @Test
    void upRegistriesAndAClosedPortMakeHistoryStateUptimeAndLatency(@RegistryLab.Use(Variant.ANONYMOUS) LabRegistry anonymous,
                                                                    @RegistryLab.Use(Variant.TLS_BASIC) LabRegistry tlsBasic) {
        long anon = ProbeFixtures.create(mvc, "lab-anonymous", anonymous);
        long tls = ProbeFixtures.create(mvc, "lab-tls-basic", tlsBasic);
        long closed = ProbeFixtures.create(mvc, "closed-port", ProbeFixtures.closedLoopbackUrl(), true, null, null);

        assertThat(get("/api/v1/registries/{id}/health", anon)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"registryName": "lab-anonymous", "state": "UNKNOWN", "since": null, "lastProbe": null,
             "uptime": {"last24h": null, "last7d": null}, "latency": {"p50Ms": null, "p95Ms": null, "samples": 0},
             "lastChange": null}
            """);

        for (int round = 0; round < 2; round++) {
            assertThat(probe(anon)).bodyJson().isLenientlyEqualTo("""
                {"up": true, "category": null, "tlsExpiresAt": null, "tlsDaysLeft": null}""");
            assertThat(probe(tls)).bodyJson().isLenientlyEqualTo("""
                {"up": true, "category": null}""");
            assertThat(probe(closed)).bodyJson().isLenientlyEqualTo("""
                {"up": false, "category": "CONNECTION_REFUSED"}""");
        }

        MvcTestResult history = get("/api/v1/registries/{id}/probes", closed);
        assertThat(history).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"content": [{"up": false, "category": "CONNECTION_REFUSED"}, {"up": false, "category": "CONNECTION_REFUSED"}],
             "page": {"number": 0, "totalElements": 2, "totalPages": 1}}""");
        List<String> times = read(history, "$.content[*].probedAt");
        assertThat(Instant.parse(times.get(0))).as("newest first").isAfter(Instant.parse(times.get(1)));
        assertThat((String) read(history, "$.content[0].summary")).contains("127.0.0.1");
        assertThat((String) read(history, "$.content[0].remediation")).as("what to do about it").isNotBlank();

        MvcTestResult tlsHealth = get("/api/v1/registries/{id}/health", tls);
        assertThat(tlsHealth).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"registryName": "lab-tls-basic", "state": "UP", "uptime": {"last24h": 100.0, "last7d": 100.0},
             "latency": {"samples": 2}, "lastChange": {"from": "UNKNOWN", "to": "UP", "category": null},
             "lastProbe": {"up": true}, "expiry": {"credentialExpiresAt": null, "credentialDaysLeft": null}}""");
        assertThat((Integer) read(tlsHealth, "$.latency.p50Ms")).isNotNull().isLessThanOrEqualTo(read(tlsHealth, "$.latency.p95Ms"));
        assertThat((Integer) read(tlsHealth, "$.expiry.tlsDaysLeft")).as("the lab certificate is current").isPositive();
        assertThat((Integer) read(tlsHealth, "$.expiry.caDaysLeft")).as("the stored lab CA").isPositive();
        // the probe is the connection check: the same sentence as "Check now"
        assertThat((String) read(tlsHealth, "$.lastProbe.summary")).contains("answers as a registry", "credentials are accepted");
        assertThat((String) read(tlsHealth, "$.lastProbe.remediation")).isNull();
        assertThat(body(tlsHealth)).doesNotContain(RegistryLab.BASIC_USER.password());

        assertThat(get("/api/v1/registries/{id}/health", closed)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"state": "DOWN", "uptime": {"last24h": 0.0, "last7d": 0.0}, "latency": {"p50Ms": null, "samples": 0},
             "lastChange": {"from": "UNKNOWN", "to": "DOWN", "category": "CONNECTION_REFUSED"},
             "lastProbe": {"up": false, "category": "CONNECTION_REFUSED"}}""");

        MvcTestResult overview = get("/api/v1/health/registries");
        assertThat(overview).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"total": 3, "up": 2, "down": 1, "unknown": 0,
             "registries": [{"registryName": "closed-port", "state": "DOWN", "category": "CONNECTION_REFUSED", "uptime24h": 0.0},
                            {"registryName": "lab-anonymous", "state": "UP", "uptime24h": 100.0},
                            {"registryName": "lab-tls-basic", "state": "UP", "uptime24h": 100.0}]}""");

        // The closed port's registry is pointed at a live registry: DOWN -> UP is recorded, uptime is 2 of 3 probes.
        long version = ((Number) read(get("/api/v1/registries/{id}", closed), "$.version")).longValue();
        assertThat(mvc.put().uri("/api/v1/registries/{id}", closed).contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("""
                {"name": "closed-port", "url": "%s", "insecure": true, "version": %d}""".formatted(anonymous.baseUrl(), version)))
            .hasStatusOk();
        assertThat(probe(closed)).bodyJson().isLenientlyEqualTo("""
            {"up": true}""");
        assertThat(get("/api/v1/registries/{id}/state-changes", closed)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            [{"from": "DOWN", "to": "UP", "category": null}, {"from": "UNKNOWN", "to": "DOWN", "category": "CONNECTION_REFUSED"}]""");
        assertThat(get("/api/v1/registries/{id}/health", closed)).bodyJson().isLenientlyEqualTo("""
            {"state": "UP", "uptime": {"last24h": 33.33}, "latency": {"samples": 1}, "lastChange": {"from": "DOWN", "to": "UP"}}""");
    }

    @Test
    void aCertificateDefectIsDownWithTheVerdictOfACheck(@RegistryLab.Use(Variant.EXPIRED_CERT) LabRegistry expired) {
        long id = ProbeFixtures.create(mvc, "lab-expired", expired);

        MvcTestResult probe = probe(id);
        assertThat(probe).bodyJson().isLenientlyEqualTo("""
            {"up": false, "category": "TLS_EXPIRED", "tlsExpiresAt": null}""");
        assertThat(get("/api/v1/registries/{id}/health", id)).bodyJson().isLenientlyEqualTo("""
            {"state": "DOWN", "lastChange": {"to": "DOWN", "category": "TLS_EXPIRED"}}""");

        MvcTestResult check = mvc.post().uri("/api/v1/registries/{id}/check", id).with(csrf()).exchange();
        assertThat(check).hasStatusOk();
        assertThat((String) read(check, "$.category")).isEqualTo(read(probe, "$.category"));
        assertThat((String) read(check, "$.remediation")).isNotBlank().isEqualTo(read(probe, "$.remediation"));
    }

    @Test
    void metricsShowUpStateLatencyAndExpiriesAndForgetDeletedRegistries(
        @RegistryLab.Use(Variant.TLS_BASIC) LabRegistry tlsBasic) {
        long tls = ProbeFixtures.create(mvc, "metrics-tls", tlsBasic.baseUrl().toString(), false, tlsBasic.caPem(), """
            {"username": "%s", "password": "%s", "expiresAt": "2999-01-01T00:00:00Z"}""".formatted(
            RegistryLab.BASIC_USER.username(), RegistryLab.BASIC_USER.password()));
        long closed = ProbeFixtures.create(mvc, "metrics-closed", ProbeFixtures.closedLoopbackUrl(), true, null, null);
        probe(tls);
        probe(closed);

        String scrape = scrape();
        assertThat(scrape).contains("console_registry_up{registry=\"metrics-tls\"} 1.0",
            "console_registry_up{registry=\"metrics-closed\"} 0.0",
            "console_probe_duration_seconds_count{outcome=\"up\",registry=\"metrics-tls\"} 1",
            "console_probe_duration_seconds_count{outcome=\"down\",registry=\"metrics-closed\"} 1",
            "console_probe_duration_seconds_bucket{outcome=\"up\",registry=\"metrics-tls\",le=\"+Inf\"} 1");
        assertThat(gauge(scrape, "console_registry_certificate_days_left{registry=\"metrics-tls\",source=\"tls\"}")).isPositive();
        assertThat(gauge(scrape, "console_registry_certificate_days_left{registry=\"metrics-tls\",source=\"ca\"}")).isPositive();
        assertThat(gauge(scrape, "console_registry_credential_days_left{registry=\"metrics-tls\"}")).isGreaterThan(300_000);
        assertThat(scrape).doesNotContain("console_registry_credential_days_left{registry=\"metrics-closed\"}")
            .doesNotContain(RegistryLab.BASIC_USER.password());
        assertThat(scrape.lines().filter(line -> line.startsWith("console_check_duration_seconds"))
            .filter(line -> line.contains("registry=\"metrics-")))
            .as("probes are not counted as connection checks").isEmpty();

        assertThat(mvc.delete().uri("/api/v1/registries/{id}", tls).with(csrf())).hasStatus(HttpStatus.NO_CONTENT);

        String afterDelete = scrape();
        assertThat(afterDelete).doesNotContain("registry=\"metrics-tls\"")
            .contains("console_registry_up{registry=\"metrics-closed\"} 0.0");
    }

    @Test
    void deletingAProbedRegistryDeletesItsHistory(@RegistryLab.Use(Variant.ANONYMOUS) LabRegistry anonymous) {
        long id = ProbeFixtures.create(mvc, "to-delete", anonymous);
        long kept = ProbeFixtures.create(mvc, "to-keep", anonymous);
        probe(id);
        probe(id);
        probe(kept);
        assertThat(count("probe_result", id)).isEqualTo(2);
        assertThat(count("registry_state_change", id)).isEqualTo(1);
        assertThat(count("registry_health", id)).isEqualTo(1);

        assertThat(mvc.delete().uri("/api/v1/registries/{id}", id).with(csrf())).hasStatus(HttpStatus.NO_CONTENT);

        assertThat(count("probe_result", id)).isZero();
        assertThat(count("registry_state_change", id)).isZero();
        assertThat(count("registry_health", id)).isZero();
        assertThat(count("probe_result", kept)).isEqualTo(1);
        assertThat(get("/api/v1/registries/{id}/health", id)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post().uri("/api/v1/registries/{id}/probes", id).with(csrf())).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void historyIsPagedAndFilteredByTime(@RegistryLab.Use(Variant.ANONYMOUS) LabRegistry anonymous) {
        long id = ProbeFixtures.create(mvc, "paged", anonymous);
        for (int i = 0; i < 3; i++) {
            probe(id);
        }
        List<Map<String, Object>> rows = jdbc.queryForList("select probed_at from probe_result where registry_id = ? order by probed_at", id);
        String middle = read(get("/api/v1/registries/{id}/probes", id), "$.content[1].probedAt");

        assertThat(get("/api/v1/registries/{id}/probes?size=2&page=1", id)).bodyJson().isLenientlyEqualTo("""
            {"page": {"number": 1, "size": 2, "totalElements": 3, "totalPages": 2}}""");
        assertThat(get("/api/v1/registries/{id}/probes?size=2&page=1", id)).bodyJson()
            .extractingPath("$.content").asArray().hasSize(1);
        assertThat(get("/api/v1/registries/{id}/probes?from={from}", id, middle)).bodyJson()
            .extractingPath("$.page.totalElements").isEqualTo(2);
        assertThat(get("/api/v1/registries/{id}/probes?to={to}", id, middle)).bodyJson()
            .extractingPath("$.page.totalElements").isEqualTo(1);
        assertThat(rows).hasSize(3);
    }

    @Test
    void badRequestsAreProblemsAndChangeNothing(@RegistryLab.Use(Variant.ANONYMOUS) LabRegistry anonymous) {
        long id = ProbeFixtures.create(mvc, "bad-input", anonymous);
        probe(id);
        Object before = TestTables.contents(jdbc);

        MvcTestResult reversed = get("/api/v1/registries/{id}/probes?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", id);
        assertThat(reversed).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(reversed).bodyJson().isLenientlyEqualTo("""
            {"status": 400, "errors": [{"field": "from", "message": "must be before to"}]}""");
        assertThat(get("/api/v1/registries/{id}/probes?from=yesterday", id)).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(get("/api/v1/registries/{id}/state-changes?limit=0", id)).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(get("/api/v1/registries/{id}/probes", 999_999)).hasStatus(HttpStatus.NOT_FOUND)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(get("/api/v1/registries/{id}/health", 999_999)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post().uri("/api/v1/registries/{id}/probes", 999_999).with(csrf())).hasStatus(HttpStatus.NOT_FOUND);

        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
        assertThat(count("probe_result", id)).isEqualTo(1);
    }

    @Test
    void theApiDocumentDescribesTheProbeEndpoints() {
        MvcTestResult docs = get("/v3/api-docs");
        assertThat(docs).hasStatusOk();
        Map<String, Object> paths = read(docs, "$.paths");
        assertThat(paths).containsKeys("/api/v1/registries/{id}/probes", "/api/v1/registries/{id}/health",
            "/api/v1/registries/{id}/state-changes", "/api/v1/health/registries");
        assertThat((Map<String, Object>) read(docs, "$.components.schemas")).containsKeys("ProbeResult", "RegistryHealth",
            "RegistryHealthOverview", "RegistryStateChange");
    }

    long count(String table, long registryId) {
        return jdbc.queryForObject("select count(*) from " + table + " where registry_id = ?", Long.class, registryId);
    }

    static double gauge(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
            .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
            .orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }
}
