package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

        try (ConfigurableApplicationContext first = start("console-1"); ConfigurableApplicationContext second = start("console-2")) {
            awaitProbes(registries);
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
        assertThat(jdbc.queryForObject("select count(*) from registry_state_change", Long.class))
            .as("one first verdict per registry, no flapping").isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from registry_health where up = false", Long.class)).isEqualTo(1);
    }

    ConfigurableApplicationContext start(String instanceName) {
        // arguments, not default properties: they must win over the build's console.probes.enabled=false
        return new SpringApplicationBuilder(ConsoleApplication.class).web(WebApplicationType.NONE)
            .run("--console.probes.enabled=true", "--console.probes.instance-name=" + instanceName,
                "--console.probes.interval=" + INTERVAL.toMillis() + "ms", "--console.probes.jitter=" + JITTER.toMillis() + "ms",
                "--console.probes.poll-interval=" + POLL.toMillis() + "ms", "--console.probes.timeout=2s",
                "--spring.main.banner-mode=off", "--spring.jmx.enabled=false");
    }

    /** Until every registry has enough probes and both instances took part, or fails at the deadline. */
    void awaitProbes(List<Long> registries) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long fewest = registries.stream().mapToLong(id -> jdbc.queryForObject(
                "select count(*) from probe_result where registry_id = ?", Long.class, id)).min().orElse(0);
            long instances = jdbc.queryForObject("select count(distinct probed_by) from probe_result", Long.class);
            if (fewest >= PROBES_PER_REGISTRY && instances == 2) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("after 60 s the registries have at least %d probes (want %d) from %d instances (want 2): %s", fewest,
                    PROBES_PER_REGISTRY, instances, jdbc.queryForList("select registry_id, probed_at, probed_by from probe_result"));
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
