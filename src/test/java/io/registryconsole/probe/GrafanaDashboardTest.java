package io.registryconsole.probe;

import static io.registryconsole.probe.ProbeFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
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
import io.registryconsole.connect.RateLimitGauges;
import io.registryconsole.distribution.RateLimit;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Variant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard in ops/grafana queries only metrics the console exports, with labels they carry, and every
 * query is valid PromQL with data: a real Prometheus scrapes the console's real {@code /actuator/prometheus} output
 * (after probes, a connection check, a test pull and a reported rate limit) and evaluates each query.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
@ExtendWith(RegistryLab.Extension.class)
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("ops/grafana/registry-console.json");

    /** The probe meters: the dashboard must use each. */
    static final Set<String> PROBE_METRICS = Set.of("console_registry_up", "console_probe_duration_seconds_bucket",
        "console_probe_duration_seconds_count", "console_registry_certificate_days_left",
        "console_registry_credential_days_left");

    static final Pattern METRIC = Pattern.compile("\\b(console_[a-z0-9_]+)\\s*(\\{([^}]*)})?");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @TempDir
    Path temp;

    @BeforeEach
    void cleanTables() {
        TestTables.clean(jdbc);
    }

    @Test
    void everyQueryUsesExportedMetricsAndLabelsAndIsValidPromQl(@RegistryLab.Use(Variant.TLS_BASIC) LabRegistry tlsBasic)
        throws IOException {
        long up = ProbeFixtures.create(mvc, "dash-tls", tlsBasic.baseUrl().toString(), false, tlsBasic.caPem(), """
            {"username": "%s", "password": "%s", "expiresAt": "2999-01-01T00:00:00Z"}""".formatted(
            RegistryLab.BASIC_USER.username(), RegistryLab.BASIC_USER.password()));
        long down = ProbeFixtures.create(mvc, "dash-down", ProbeFixtures.closedLoopbackUrl(), true, null, null);
        for (long id : List.of(up, down)) {
            assertThat(mvc.post().uri("/api/v1/registries/{id}/probes", id).with(csrf())).hasStatusOk();
        }
        // the other meters the dashboard shows: a connection check, a test pull, and a registry reporting its rate limit
        assertThat(mvc.post().uri("/api/v1/registries/{id}/check", up).with(csrf())).hasStatusOk();
        awaitPull(up, RegistryLab.ALPINE);
        context.getBean(RateLimitGauges.class).record("dash-tls",
            Optional.of(new RateLimit(OptionalLong.of(100), OptionalLong.of(76), Optional.empty(), Optional.empty())));
        String scrape = scrape();
        Map<String, Set<String>> exported = seriesLabels(scrape);

        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asString()).isEqualTo("registry-console");
        JsonNode datasource = variables(dashboard).get("datasource");
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");

        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
                .isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as("targets of " + panel.path("title").asString()).isPositive();
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asString()));
        }
        variables(dashboard).values().stream().filter(v -> v.path("type").asString().equals("query"))
            .forEach(v -> queries.add(v.path("query").path("query").asString()));

        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                if (!selector.group(1).startsWith("console_")) { // functions take (), so anything before { is a metric
                    problems.add("not a console metric: " + selector.group(1) + " in " + query);
                }
            }
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                String name = metric.group(1);
                used.add(name);
                Set<String> labels = exported.get(name);
                if (labels == null) {
                    problems.add("the console does not export " + name + " (used in " + query + ")");
                    continue;
                }
                if (metric.group(3) != null) {
                    Matcher label = LABEL.matcher(metric.group(3));
                    while (label.find()) {
                        if (!labels.contains(label.group(1))) {
                            problems.add(name + " has no label " + label.group(1) + " (has " + labels + ")");
                        }
                    }
                }
            }
            for (String grouping : groupingLabels(query)) {
                boolean known = used.stream().anyMatch(name -> exported.getOrDefault(name, Set.of()).contains(grouping));
                if (!known) {
                    problems.add("no metric of " + query + " has the label " + grouping);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(used).as("the dashboard shows every probe meter and the check, pull and rate-limit meters")
            .containsAll(PROBE_METRICS).contains("console_check_duration_seconds_bucket", "console_pull_duration_seconds_bucket",
                "console_registry_ratelimit_remaining");

        try (PrometheusServer prometheus = PrometheusServer.start(temp.resolve("prometheus"))) {
            prometheus.serve(scrape);
            prometheus.awaitScrapes(3, Duration.ofSeconds(60));
            for (String query : queries) {
                String promql = grafanaToPromQl(query);
                JsonNode answer = prometheus.query(promql);
                assertThat(answer.path("status").asString()).as("%s -> %s", promql, answer).isEqualTo("success");
                assertThat(answer.path("data").path("result").size()).as("data for %s", promql).isPositive();
            }
            assertThat(prometheus.query("console_registry_up{registry=\"dash-down\"}").path("data").path("result").get(0)
                .path("value").get(1).asString()).isEqualTo("0");
        }
    }

    /** Grafana's variables as a dashboard user with everything selected would have them. */
    static String grafanaToPromQl(String query) {
        Matcher labelValues = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)").matcher(query);
        if (labelValues.matches()) {
            return "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")";
        }
        return query.replace("$__rate_interval", "1m").replace("$__range", "5m").replace("$__interval", "1s")
            .replace("$registry", ".*").replace("$environment", ".*");
    }

    /** A MANIFEST test pull through the API, until it is finished. */
    void awaitPull(long registryId, String image) {
        MvcTestResult started = mvc.post().uri("/api/v1/pull-tests").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("""
                {"image": "%s", "registryId": %d, "mode": "MANIFEST"}""".formatted(image, registryId)).exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        Object id = ProbeFixtures.read(started, "$.id");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String status = ProbeFixtures.read(mvc.get().uri("/api/v1/pull-tests/{id}", id).exchange(), "$.status");
            if (status.equals("SUCCEEDED")) {
                return;
            }
            assertThat(status).as("test pull of %s", image).isIn("QUEUED", "RUNNING");
            assertThat(System.nanoTime()).as("test pull finished within 30 s").isLessThan(deadline);
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    String scrape() {
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        String token = accounts.token(accounts.user("prometheus", Role.VIEWER));
        MvcTestResult result = mvc.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, TestAccounts.bearer(token))
            .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    /** Series name to the label names it carries, from the exposition text. */
    static Map<String, Set<String>> seriesLabels(String scrape) {
        Map<String, Set<String>> labels = new HashMap<>();
        for (String line : scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> names = labels.computeIfAbsent(name, n -> new HashSet<>());
            if (brace >= 0 && brace < space) {
                Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
                while (label.find()) {
                    names.add(label.group(1));
                }
            }
        }
        return labels;
    }

    static List<String> groupingLabels(String query) {
        List<String> labels = new ArrayList<>();
        Matcher by = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(query);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add); // collapsed rows keep their panels inside
        }
        return all;
    }

    static Map<String, JsonNode> variables(JsonNode dashboard) {
        Map<String, JsonNode> variables = new HashMap<>();
        dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asString(), v));
        return variables;
    }
}
