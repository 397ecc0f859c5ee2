package io.registryconsole.probe;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/** Probes one registry and keeps what it found: history, current state, state change, metrics. */
@Component
class ProbeRunner {

    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);

    private final RegistryProbe probe;
    private final ProbeStore store;
    private final ProbeMetrics metrics;
    private final String instanceName;
    private final Clock clock;

    ProbeRunner(RegistryProbe probe, ProbeStore store, ProbeMetrics metrics, ProbeProperties properties) {
        this.probe = probe;
        this.store = store;
        this.metrics = metrics;
        this.instanceName = properties.instanceName();
        this.clock = Clock.systemUTC();
    }

    String instanceName() {
        return instanceName;
    }

    /** @return empty when the registry does not exist (any more) */
    Optional<ProbeView> run(long registryId) {
        Instant probedAt = clock.instant();
        Optional<ProbeOutcome> found = probe.probe(registryId);
        if (found.isEmpty()) {
            metrics.refresh();
            return Optional.empty();
        }
        ProbeOutcome outcome = found.get();
        metrics.recordDuration(outcome);
        Optional<ProbeStore.StateChange> change;
        try {
            change = store.record(registryId, outcome, probedAt, instanceName);
        }
        catch (DataIntegrityViolationException deletedMeanwhile) {
            log.debug("Registry {} was deleted while it was probed; the probe is dropped", registryId);
            metrics.refresh();
            return Optional.empty();
        }
        change.ifPresent(c -> {
            if (c.to() == ProbeStore.State.DOWN) {
                log.warn("Registry '{}' (id {}) is DOWN{}: {}", outcome.registryName(), registryId,
                    c.category() == null ? "" : " (" + c.category() + ")", c.summary());
            }
            else {
                log.info("Registry '{}' (id {}) is UP (was {})", outcome.registryName(), registryId, c.from());
            }
        });
        metrics.refresh();
        return Optional.of(new ProbeView(probedAt, outcome.up(), outcome.category(), outcome.summary(), outcome.remediation(),
            outcome.latency().toMillis(), outcome.tlsExpiresAt(), Days.between(probedAt, outcome.tlsExpiresAt()), instanceName,
            outcome.clockOffsetMs()));
    }
}
