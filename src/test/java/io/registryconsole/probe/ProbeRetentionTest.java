package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.registryconsole.TestTables;

/** Retention deletes probe history and state changes older than the retention period and keeps the current state. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
class ProbeRetentionTest {

    static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProbeStore store;

    @BeforeEach
    void cleanTables() {
        TestTables.clean(jdbc);
    }

    static ProbeOutcome outcome(boolean up) {
        return new ProbeOutcome("retained", up, up ? null : "CONNECTION_REFUSED", up ? "up" : "refused", null, Duration.ofMillis(7),
            null, null, null);
    }

    @Test
    void deletesWhatIsOlderThanTheRetentionAndKeepsTheCurrentState() {
        long id = ProbeFixtures.create(mvc, "retained", ProbeFixtures.closedLoopbackUrl(), true, null, null);
        store.record(id, outcome(true), NOW.minus(Duration.ofDays(20)), "test");           // old, first verdict UP
        store.record(id, outcome(false), NOW.minus(Duration.ofDays(14)).minusSeconds(1), "test"); // old, UP -> DOWN
        store.record(id, outcome(false), NOW.minus(Duration.ofDays(14)).plusSeconds(1), "test");  // kept
        store.record(id, outcome(true), NOW.minus(Duration.ofHours(1)), "test");            // kept, DOWN -> UP

        ProbeStore.Deleted deleted = new ProbeRetention(store, Duration.ofDays(14), Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(deleted).isEqualTo(new ProbeStore.Deleted(2, 2));
        assertThat(jdbc.queryForList("select up from probe_result where registry_id = ? order by probed_at", Boolean.class, id))
            .containsExactly(false, true);
        assertThat(jdbc.queryForList("select to_state from registry_state_change where registry_id = ?", String.class, id))
            .containsExactly("UP");
        assertThat(store.health(id)).get().satisfies(health -> {
            assertThat(health.up()).isTrue();
            assertThat(health.stateSince()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        });

        assertThat(new ProbeRetention(store, Duration.ofDays(14), Clock.fixed(NOW, ZoneOffset.UTC)).purge())
            .as("nothing left to delete").isEqualTo(new ProbeStore.Deleted(0, 0));
    }
}
