package io.registryconsole.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.TestTables;
import io.registryconsole.check.ConsoleLabTest;

/**
 * Test pulls left QUEUED or RUNNING by a console instance that stopped are closed; those of a live instance (still
 * marking them) are not; finished ones past their retention are deleted; a queued one is marked RUNNING. Also runs on PostgreSQL: the table, its check constraint and the JSON text columns.
 */
@Tag("db")
@ConsoleLabTest
class PullTestHousekeepingTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PullTestHousekeeping housekeeping;

    @Autowired
    PullTestStore store;

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
    }

    long insert(String status, String instance, Instant heartbeat) {
        jdbc.update("insert into pull_test (status, image, mode, platform, registry_id, max_bytes, instance_id, heartbeat_at, created_at) "
            + "values (?, 'r.example/app:1', 'FULL', 'linux/amd64', 7, 100, ?, ?, ?)", status, instance, Timestamp.from(heartbeat),
            Timestamp.from(heartbeat));
        return jdbc.queryForObject("select max(id) from pull_test", Long.class);
    }

    @Test
    void closesWhatAStoppedInstanceLeftAndLeavesLiveInstancesAlone() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        long running = insert("RUNNING", "dead-instance", longAgo);
        long queued = insert("QUEUED", "dead-instance", longAgo);
        long done = insert("SUCCEEDED", "dead-instance", longAgo);
        long alive = insert("RUNNING", "live-instance", Instant.now());
        long old = insert("FAILED", "dead-instance", longAgo);
        jdbc.update("update pull_test set finished_at = ? where id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(31))), old);

        assertThat(housekeeping.run()).containsExactlyInAnyOrder(running, queued);

        PullTestView failed = store.get(running);
        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.failure().category().name()).isEqualTo("CANCELLED");
        assertThat(failed.failure().message()).contains("stopped before it finished");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(store.get(queued).status()).isEqualTo(PullStatus.CANCELLED);
        assertThat(store.get(done).status()).isEqualTo(PullStatus.SUCCEEDED);
        assertThat(store.get(alive).status()).isEqualTo(PullStatus.RUNNING);
        assertThat(jdbc.queryForObject("select count(*) from pull_test where id = ?", Long.class, old)).as("past retention").isZero();
        assertThat(housekeeping.run()).isEmpty();
    }

    @Test
    void aQueuedTestPullTurnsRunningOnceAndAFinishedOneDoesNot() {
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        long queued = insert("QUEUED", "live-instance", before);
        long done = insert("SUCCEEDED", "live-instance", before);

        store.markRunning(queued);
        store.markRunning(done);

        PullTestView running = store.get(queued);
        assertThat(running.status()).isEqualTo(PullStatus.RUNNING);
        assertThat(running.startedAt()).isAfter(before);
        assertThat(jdbc.queryForObject("select heartbeat_at from pull_test where id = ?", Timestamp.class, queued).toInstant())
            .isEqualTo(running.startedAt());
        assertThat(store.get(done).status()).isEqualTo(PullStatus.SUCCEEDED);
        assertThat(store.get(done).startedAt()).isNull();
    }

    @Test
    void aTestPullNeedsExactlyOneTarget() {
        Timestamp now = Timestamp.from(Instant.now());
        assertThatThrownBy(() -> jdbc.update("insert into pull_test (status, image, mode, platform, max_bytes, instance_id, heartbeat_at, "
            + "created_at) values ('QUEUED', 'a', 'FULL', 'linux/amd64', 1, 'i', ?, ?)", now, now))
            .isInstanceOf(DataIntegrityViolationException.class);
    }
}
