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
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

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

import com.github.kagkarlsson.scheduler.Clock;
import com.github.kagkarlsson.scheduler.Scheduler;

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
 * <p>
 * Both schedulers read one controllable clock that only this test moves: it jumps to the next due execution in
 * {@code scheduled_tasks}, then waits until the instances have run everything that is due. So each probe round runs on
 * its own, however slow the machine, and the test counts exactly one probe per registry per round instead of measuring
 * gaps on the wall clock. (A stopped clock also stops db-scheduler's wait between polls, so the test asks both
 * schedulers to poll while it waits.)
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
    static final int ROUNDS = 4;
    static final int MAX_ROUNDS = 40;
    static final Duration SETTLE_DEADLINE = Duration.ofSeconds(60);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    /** The instances' schedulers, asked to poll while the test waits (their poll wait ends by the stopped clock only). */
    final List<Scheduler> schedulers = new CopyOnWriteArrayList<>();

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
        // One after the other: Spring Boot's logging set-up is not safe for two applications starting at once in one
        // JVM. Only the first round can run before the second instance is up; the rounds after wait for the test.
        ConfigurableApplicationContext started = start("console-1");
        ConfigurableApplicationContext startedSecond;
        try {
            startedSecond = start("console-2");
        }
        catch (RuntimeException e) {
            started.close(); // no scheduler may outlive the test
            throw e;
        }
        try (ConfigurableApplicationContext first = started; ConfigurableApplicationContext second = startedSecond) {
            awaitSettled();
            int rounds = runRounds(registries, ROUNDS);
            while (probingInstances() < 2) {
                assertThat(rounds).as("rounds until both instances took part").isLessThan(MAX_ROUNDS);
                rounds += runRounds(registries, 1);
            }

            // A registry created on an instance is enqueued for a probe at once, not at the next round.
            added = first.getBean(RegistryService.class).create(new RegistryRequest("cluster-added",
                anonymous.baseUrl().toString(), null, true, null, null, null, null, null)).id();
            Instant created = clock.now();
            List<Map<String, Object>> enqueued = jdbc.queryForList("select execution_time from scheduled_tasks "
                + "where task_name = 'registry-probe' and task_instance = ?", String.valueOf(added));
            assertThat(enqueued.size() + probes(added)).as("a probe of the new registry is enqueued or done").isPositive();
            enqueued.forEach(row -> assertThat(instant(row.get("execution_time"))).isBeforeOrEqualTo(created));
            awaitSettled();
            assertThat(probes(added)).as("probes of the added registry before the next round").isEqualTo(1);

            List<Long> all = new ArrayList<>(registries);
            all.add(added);
            runRounds(all, 2);
        }

        Set<String> instances = new TreeSet<>(jdbc.queryForList("select distinct probed_by from probe_result", String.class));
        assertThat(instances).as("both instances ran probes").containsExactly("console-1", "console-2");
        assertThat(jdbc.queryForList("select distinct registry_id from probe_result", Long.class))
            .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(registries.stream(), java.util.stream.Stream.of(added)).toList());

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

    /**
     * Moves the clock from due execution to due execution until {@code rounds} probe rounds have run. Whenever a round
     * has just run, every registry has gained exactly one probe since the start, done or waiting (none twice, none
     * skipped), and each waiting probe is due at the round's time plus the registry's offset in the jitter window.
     *
     * @return the rounds run
     */
    int runRounds(List<Long> registries, int rounds) {
        Map<Long, Long> before = new HashMap<>();
        registries.forEach(id -> before.put(id, probes(id) + (waitingProbe(id) == null ? 0 : 1)));
        int ran = 0;
        int events = 0;
        while (ran < rounds) {
            assertThat(events++).as("executions run for %d rounds", rounds).isLessThan(rounds * (registries.size() + 3) + 5);
            Instant roundBefore = roundTime();
            clock.set(nextDue());
            awaitSettled();
            Instant round = roundTime();
            if (round.equals(roundBefore)) {
                continue; // a probe (or the hourly retention) ran, not a round
            }
            ran++;
            Instant ranAt = clock.now();
            assertThat(round).as("the next round, one interval after this one").isEqualTo(ranAt.plus(INTERVAL));
            for (long id : registries) {
                Instant waiting = waitingProbe(id);
                assertThat(probes(id) + (waiting == null ? 0 : 1)).as("probes done or waiting of registry %d after %d of %d rounds",
                    id, ran, rounds).isEqualTo(before.get(id) + ran);
                if (waiting != null) {
                    assertThat(waiting).as("the waiting probe of registry %d", id).isEqualTo(ranAt.plus(ProbeScheduling.offset(id, JITTER)));
                }
            }
        }
        // the last round's probes
        while (registries.stream().anyMatch(id -> waitingProbe(id) != null)) {
            clock.set(nextDue());
            awaitSettled();
        }
        return ran;
    }

    long probes(long registry) {
        return jdbc.queryForObject("select count(*) from probe_result where registry_id = ?", Long.class, registry);
    }

    long probingInstances() {
        return jdbc.queryForObject("select count(distinct probed_by) from probe_result", Long.class);
    }

    Instant waitingProbe(long registry) {
        List<Object> times = jdbc.queryForList("select execution_time from scheduled_tasks where task_name = ? and task_instance = ?",
            Object.class, ProbeScheduling.PROBE, String.valueOf(registry));
        return times.isEmpty() ? null : instant(times.get(0));
    }

    Instant roundTime() {
        return instant(jdbc.queryForObject("select execution_time from scheduled_tasks where task_name = ?", Object.class,
            ProbeScheduling.ROUND));
    }

    Instant nextDue() {
        return instant(jdbc.queryForObject("select min(execution_time) from scheduled_tasks where picked = false", Object.class));
    }

    /** Until no execution is due or running at the clock's time (both instances have run what was due). */
    void awaitSettled() {
        long deadline = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        while (true) {
            Timestamp now = Timestamp.from(clock.now());
            List<Map<String, Object>> busy = jdbc.queryForList("select task_name, task_instance, execution_time, picked, picked_by "
                + "from scheduled_tasks where picked = true or execution_time <= ?", now);
            if (busy.isEmpty() && jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = ?", Long.class,
                ProbeScheduling.ROUND) == 1) {
                return;
            }
            // db-scheduler waits for its next poll until its clock has moved on: without a nudge it would wait forever
            schedulers.forEach(Scheduler::triggerCheckForDueExecutions);
            if (System.nanoTime() > deadline) {
                fail("after %s the executions due at %s still wait or run: %s", SETTLE_DEADLINE, clock.now(), busy);
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    ConfigurableApplicationContext start(String instanceName) {
        // arguments, not default properties: they must win over the build's console.probes.enabled=false.
        // A whole console (the security configuration needs the servlet stack) on a free loopback port.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsoleApplication.class).web(WebApplicationType.SERVLET)
            .initializers(starting -> starting.getBeanFactory().registerSingleton("probeClock", clock))
            .run("--server.port=0", "--server.address=127.0.0.1", "--console.probes.enabled=true", "--console.probes.instance-name=" + instanceName,
                "--console.probes.interval=" + INTERVAL.toMillis() + "ms", "--console.probes.jitter=" + JITTER.toMillis() + "ms",
                "--console.probes.poll-interval=" + POLL.toMillis() + "ms", "--console.probes.timeout=2s",
                "--spring.main.banner-mode=off", "--spring.jmx.enabled=false");
        schedulers.add(context.getBean(io.registryconsole.shared.ConsoleScheduler.class).scheduler());
        return context;
    }

    /** The schedulers' time: stands still until the test sets it (db-scheduler's SettableClock is not thread-safe). */
    static final class ManualClock implements Clock {

        private final AtomicReference<Instant> now;

        ManualClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant now() {
            return now.get();
        }

        void set(Instant instant) {
            assertThat(instant).as("the clock only moves forward").isAfterOrEqualTo(now.get());
            now.set(instant);
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
