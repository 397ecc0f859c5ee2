package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import io.registryconsole.distribution.Category;
import io.registryconsole.registry.RegistryService;

/**
 * Replications left QUEUED or RUNNING by an instance that stopped are closed by another (or the restarted) instance
 * once their heartbeat is stale; a graceful stop stores its own as interrupted; live ones of other instances stay.
 */
@Tag("db")
@SpringBootTest
class ReplicationHousekeepingTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReplicationStore store;

    @Autowired
    ReplicationService service;

    @Autowired
    ReplicationHousekeeping housekeeping;

    @Autowired
    ReplicationProperties properties;

    @BeforeEach
    void clean() {
        jdbc.update("delete from replication_image");
        jdbc.update("delete from replication");
    }

    ReplicationStore.Spec spec() {
        return new ReplicationStore.Spec(1, "src", 2, "dst", List.of("demo/app"), null, null, "ALL", true, false, null, "test");
    }

    long running(String instance, Instant heartbeat) {
        long id = store.insert(spec(), instance, heartbeat);
        assertThat(store.markRunning(id, heartbeat)).isTrue();
        return id;
    }

    @Test
    void aStaleReplicationOfAStoppedInstanceIsClosedAndLiveOnesStay() {
        Instant longAgo = Instant.now().minus(properties.heartbeat().multipliedBy(10));
        long dead = running("crashed-instance", longAgo);
        long queuedDead = store.insert(spec(), "crashed-instance", longAgo);
        long otherLive = running("other-live-instance", Instant.now());
        long own = running(service.instanceId(), longAgo); // its heartbeat is refreshed before stale ones are looked for

        List<Long> closed = housekeeping.run();

        // (another test context on this database may have closed them first: what counts is how the rows end)
        assertThat(closed).doesNotContain(otherLive, own);
        assertThat(store.find(queuedDead).orElseThrow().status()).isEqualTo(ReplicationStatus.FAILED);
        ReplicationView view = store.find(dead).orElseThrow();
        assertThat(view.status()).isEqualTo(ReplicationStatus.FAILED);
        assertThat(view.finishedAt()).isNotNull();
        assertThat(view.failure().category()).isEqualTo(Category.CANCELLED);
        assertThat(view.failure().message()).contains("stopped before it finished");
        assertThat(store.find(otherLive).orElseThrow().status()).isEqualTo(ReplicationStatus.RUNNING);
        assertThat(store.find(own).orElseThrow().status()).isEqualTo(ReplicationStatus.RUNNING);
        assertThat(housekeeping.run()).as("closed once").isEmpty();
    }

    @Test
    void aGracefulStopStoresItsOwnRunningReplicationsAsInterrupted(@Autowired RegistryService registries,
            @Autowired io.registryconsole.connect.RegistryClients clients, @Autowired ReplicationMetrics metrics,
            @Autowired ApplicationEventPublisher events, @Autowired PlatformTransactionManager transactions) {
        // a second instance in this JVM: its own id, stopped as the context would stop it
        ReplicationService stopping = new ReplicationService(store, registries, clients, metrics, properties, events, transactions);
        long mine = running(stopping.instanceId(), Instant.now());
        long someoneElses = running("other-live-instance", Instant.now());

        stopping.stop();

        ReplicationView view = store.find(mine).orElseThrow();
        assertThat(view.status()).isEqualTo(ReplicationStatus.FAILED);
        assertThat(view.failure().category()).isEqualTo(Category.CANCELLED);
        assertThat(view.failure().message()).isEqualTo(ReplicationStore.INTERRUPTED_MESSAGE);
        assertThat(store.find(someoneElses).orElseThrow().status()).isEqualTo(ReplicationStatus.RUNNING);
    }
}
