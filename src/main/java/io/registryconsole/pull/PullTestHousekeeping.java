package io.registryconsole.pull;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.registryconsole.shared.Heartbeat;

/**
 * Marks this instance's queued and running test pulls as alive every heartbeat, and closes those of stopped
 * instances (not marked for four heartbeats): running ones become FAILED, queued ones CANCELLED. Also deletes
 * finished test pulls past their retention. Runs at start,
 * so what a crashed or restarted console left behind is closed soon after it comes back; with several instances
 * on one database, their live test pulls are left alone.
 */
@Component
class PullTestHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(PullTestHousekeeping.class);

    private final PullTestStore store;
    private final PullTestService service;
    private final PullTestProperties properties;
    private Heartbeat heartbeat;

    PullTestHousekeeping(PullTestStore store, PullTestService service, PullTestProperties properties) {
        this.store = store;
        this.service = service;
        this.properties = properties;
    }

    @PostConstruct
    void schedule() {
        heartbeat = Heartbeat.start("pull-test-heartbeat", properties.heartbeat(), this::run);
    }

    @PreDestroy
    void stop() {
        heartbeat.close();
    }

    /** @return the ids of the test pulls closed as abandoned */
    List<Long> run() {
        store.heartbeat(service.instanceId());
        List<Long> closed = store.abandonStale(properties.heartbeat().multipliedBy(4));
        if (!closed.isEmpty()) {
            log.info("Closed {} test pull(s) left queued or running by a stopped console instance: {}", closed.size(), closed);
        }
        store.deleteFinishedBefore(properties.retention());
        return closed;
    }
}
