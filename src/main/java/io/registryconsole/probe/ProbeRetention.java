package io.registryconsole.probe;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Deletes probe history and state changes older than {@link ProbeProperties#retention()}. */
@Component
class ProbeRetention {

    private static final Logger log = LoggerFactory.getLogger(ProbeRetention.class);

    private final ProbeStore store;
    private final Duration retention;
    private final Clock clock;

    @Autowired
    ProbeRetention(ProbeStore store, ProbeProperties properties) {
        this(store, properties.retention(), Clock.systemUTC());
    }

    ProbeRetention(ProbeStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    ProbeStore.Deleted purge() {
        ProbeStore.Deleted deleted = store.deleteOlderThan(clock.instant().minus(retention));
        if (deleted.probes() > 0 || deleted.stateChanges() > 0) {
            log.info("Probe retention ({}): deleted {} probe results and {} state changes", retention, deleted.probes(),
                deleted.stateChanges());
        }
        return deleted;
    }
}
