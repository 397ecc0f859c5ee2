package io.registryconsole.replication;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.registryconsole.shared.Heartbeat;

/**
 * Marks this instance's queued and running replications as alive every heartbeat, and closes those of stopped
 * instances (not marked for four heartbeats) as FAILED, as test pulls are. Runs at start, so what a crashed console
 * left behind is closed soon after it (or another instance) comes up; live replications of other instances are left
 * alone.
 */
@Component
class ReplicationHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(ReplicationHousekeeping.class);

    private final ReplicationStore store;
    private final ReplicationService service;
    private final ReplicationProperties properties;
    private final Clock clock = Clock.systemUTC();
    private Heartbeat heartbeat;

    ReplicationHousekeeping(ReplicationStore store, ReplicationService service, ReplicationProperties properties) {
        this.store = store;
        this.service = service;
        this.properties = properties;
    }

    @PostConstruct
    void schedule() {
        heartbeat = Heartbeat.start("replication-heartbeat", properties.heartbeat(), this::run);
    }

    @PreDestroy
    void stop() {
        heartbeat.close();
    }

    /** @return the ids of the replications closed as abandoned */
    List<Long> run() {
        store.heartbeat(service.instanceId(), clock.instant());
        List<Long> closed = store.abandonStale(clock.instant().minus(properties.heartbeat().multipliedBy(4)), clock.instant());
        if (!closed.isEmpty()) {
            log.info("Closed {} replication(s) left queued or running by a stopped console instance: {}", closed.size(), closed);
        }
        return closed;
    }
}
