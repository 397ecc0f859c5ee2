package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.registryconsole.ConsoleApplication;
import io.registryconsole.TestTables;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * Two console instances (two application contexts with their own schedulers and connection pools) on one database
 * probe every registry once per interval between them. On H2 both contexts use the same in-memory database of this
 * JVM; in the PostgreSQL run, the same PostgreSQL database. The shared test context (probes off) cleans the tables and
 * creates the registries.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
@ExtendWith(RegistryLab.Extension.class)
class ProbeSchedulingClusterTest {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration JITTER = Duration.ofMillis(500);
    static final Duration POLL = Duration.ofMillis(100);
    static final int PROBES_PER_REGISTRY = 4;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void cleanTables() {
        TestTables.clean(jdbc);
    }

    @Test
    void twoInstancesOnOneDatabaseProbeEachRegistryOncePerInterval(@RegistryLab.Use(Variant.ANONYMOUS) LabRegistry anonymous) {
        List<Long> registries = List.of(ProbeFixtures.create(mvc, "cluster-a", anonymous),
            ProbeFixtures.create(mvc, "cluster-b", anonymous),
            ProbeFixtures.create(mvc, "cluster-down", ProbeFixtures.closedLoopbackUrl(), true, null, null));

        long added;
        // started side by side: both schedulers run while the second one is still booting otherwise
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() -> start("console-2"));
        ConfigurableApplicationContext started;
        try {
            started = start("console-1");
        }
        catch (RuntimeException e) {
            starting.thenAccept(ConfigurableApplicationContext::close); // no scheduler may outlive the test
            throw e;
        }
        try (ConfigurableApplicationContext first = started; ConfigurableApplicationContext second = starting.join()) {
            awaitProbes(registries);

            // A registry created on an instance is enqueued for a probe at once, not at the next round.
            added = first.getBean(RegistryService.class).create(new RegistryRequest("cluster-added",
                anonymous.baseUrl().toString(), null, true, null, null, null, null, null)).id();
            Instant created = Instant.now();
            List<Map<String, Object>> enqueued = jdbc.queryForList("select execution_time from scheduled_tasks "
                + "where task_name = 'registry-probe' and task_instance = ?", String.valueOf(added));
            long probed = jdbc.queryForObject("select count(*) from probe_result where registry_id = ?", Long.class, added);
            assertThat(enqueued.size() + probed).as("a probe of the new registry is enqueued or done").isPositive();
            enqueued.forEach(row -> assertThat(instant(row.get("execution_time"))).isBeforeOrEqualTo(created));
            awaitProbes(List.of(added), 1);
        }

        Map<Long, List<Instant>> times = new TreeMap<>();
        Set<String> instances = new TreeSet<>();
        for (Map<String, Object> row : jdbc.queryForList(
            "select registry_id, probed_at, probed_by from probe_result order by registry_id, probed_at")) {
            times.computeIfAbsent(((Number) row.get("registry_id")).longValue(), id -> new ArrayList<>())
                .add(instant(row.get("probed_at")));
            instances.add((String) row.get("probed_by"));
        }
        assertThat(instances).as("both instances ran probes").containsExactly("console-1", "console-2");
        assertThat(times.remove(added)).as("probes of the added registry").isNotEmpty();
        assertThat(times).containsOnlyKeys(registries);
        Instant first = times.values().stream().flatMap(List::stream).min(Instant::compareTo).orElseThrow();
        Instant last = times.values().stream().flatMap(List::stream).max(Instant::compareTo).orElseThrow();
        long intervals = Duration.between(first, last).toMillis() / INTERVAL.toMillis();
        for (Map.Entry<Long, List<Instant>> registry : times.entrySet()) {
            List<Instant> probes = registry.getValue();
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < probes.size(); i++) {
                gaps.add(Duration.between(probes.get(i - 1), probes.get(i)).toMillis());
            }
            System.out.printf("registry %d: %d probes over %d intervals of %d ms, gaps (ms) %s%n", registry.getKey(),
                probes.size(), intervals, INTERVAL.toMillis(), gaps);
            assertThat(probes.size()).as("probes of registry %d in %d intervals", registry.getKey(), intervals)
                .isBetween(PROBES_PER_REGISTRY, (int) intervals + 1);
            for (int i = 1; i < probes.size(); i++) {
                // Each registry keeps its offset in the jitter window, so its probes are one interval apart, give or
                // take how late an instance picks a due probe up. A second probe in the same round would be far closer.
                assertThat(Duration.between(probes.get(i - 1), probes.get(i)))
                    .as("gap between probes %d and %d of registry %d: %s", i, i + 1, registry.getKey(), probes)
                    .isGreaterThan(INTERVAL.dividedBy(2));
            }
        }
        // The state changes are exactly the flips in each registry's probe sequence (and its first verdict): probes
        // of one registry never overlapped, whichever instance ran them.
        Map<Long, List<String>> expected = new TreeMap<>();
        Map<Long, Boolean> previous = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("select registry_id, probed_at, up from probe_result order by registry_id, probed_at")) {
            long id = ((Number) row.get("registry_id")).longValue();
            boolean up = (Boolean) row.get("up");
            Boolean before = previous.put(id, up);
            if (before == null || before != up) {
                expected.computeIfAbsent(id, k -> new ArrayList<>()).add(instant(row.get("probed_at")) + " "
                    + (before == null ? "UNKNOWN" : before ? "UP" : "DOWN") + "->" + (up ? "UP" : "DOWN"));
            }
        }
        Map<Long, List<String>> recorded = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList(
            "select registry_id, changed_at, from_state, to_state from registry_state_change order by registry_id, changed_at")) {
            recorded.computeIfAbsent(((Number) row.get("registry_id")).longValue(), k -> new ArrayList<>())
                .add(instant(row.get("changed_at")) + " " + row.get("from_state") + "->" + row.get("to_state"));
        }
        assertThat(recorded).isEqualTo(expected);
        assertThat(jdbc.queryForObject("select up from registry_health where registry_id = ?", Boolean.class, registries.get(2)))
            .as("the closed port's registry").isFalse();
    }

    ConfigurableApplicationContext start(String instanceName) {
        // arguments, not default properties: they must win over the build's console.probes.enabled=false.
        // A whole console (the security configuration needs the servlet stack) on a free loopback port.
        return new SpringApplicationBuilder(ConsoleApplication.class).web(WebApplicationType.SERVLET)
            .run("--server.port=0", "--server.address=127.0.0.1", "--console.probes.enabled=true", "--console.probes.instance-name=" + instanceName,
                "--console.probes.interval=" + INTERVAL.toMillis() + "ms", "--console.probes.jitter=" + JITTER.toMillis() + "ms",
                "--console.probes.poll-interval=" + POLL.toMillis() + "ms", "--console.probes.timeout=2s",
                "--spring.main.banner-mode=off", "--spring.jmx.enabled=false");
    }

    void awaitProbes(List<Long> registries) {
        awaitProbes(registries, PROBES_PER_REGISTRY);
    }

    /** Until every registry has enough probes and both instances took part, or fails at the deadline. */
    void awaitProbes(List<Long> registries, int probesPerRegistry) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long fewest = registries.stream().mapToLong(id -> jdbc.queryForObject(
                "select count(*) from probe_result where registry_id = ?", Long.class, id)).min().orElse(0);
            long instances = jdbc.queryForObject("select count(distinct probed_by) from probe_result", Long.class);
            if (fewest >= probesPerRegistry && instances == 2) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("after 60 s the registries have at least %d probes (want %d) from %d instances (want 2): %s", fewest,
                    probesPerRegistry, instances, jdbc.queryForList("select registry_id, probed_at, probed_by from probe_result"));
            }
            try {
                Thread.sleep(200);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
