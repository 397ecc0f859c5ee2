package io.registryconsole.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;

/**
 * The probe meters. Gauges show the current state stored in the database, not what this instance probed itself:
 * with several console instances each probes a share of the registries, and every instance's scrape must still show
 * all of them. The timer counts the probes this instance ran. Meters of a deleted registry are removed.
 */
@Component
class ProbeMetrics {

    static final String UP = "console.registry.up";
    static final String PROBE_DURATION = "console.probe.duration";
    static final String CERTIFICATE_DAYS_LEFT = "console.registry.certificate.days.left";
    static final String CREDENTIAL_DAYS_LEFT = "console.registry.credential.days.left";

    /** Bucket bounds of the probe latency histogram: few enough for 200 registries, fine enough for p50/p95. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private static final Logger log = LoggerFactory.getLogger(ProbeMetrics.class);

    private final MeterRegistry meters;
    private final ProbeStore store;
    private final RegistryService registries;
    private final Clock clock;
    private final MultiGauge up;
    private final MultiGauge certificateDaysLeft;
    private final MultiGauge credentialDaysLeft;
    /** Current state per registry id; the gauges read it at scrape time, so days left stay current between refreshes. */
    private final Map<Long, Current> current = new HashMap<>();
    private Set<Shape> registered = Set.of();

    ProbeMetrics(MeterRegistry meters, ProbeStore store, RegistryService registries) {
        this.meters = meters;
        this.store = store;
        this.registries = registries;
        this.clock = Clock.systemUTC();
        this.up = MultiGauge.builder(UP).description("1 when the last probe found the registry up, 0 when down")
            .register(meters);
        this.certificateDaysLeft = MultiGauge.builder(CERTIFICATE_DAYS_LEFT)
            .description("days until the earliest certificate expires: source=tls the chain the registry presented "
                + "to the last probe, source=ca the stored CA bundle; negative when expired")
            .register(meters);
        this.credentialDaysLeft = MultiGauge.builder(CREDENTIAL_DAYS_LEFT)
            .description("days until the stored credential expires (registries whose credential has an expiry)")
            .register(meters);
    }

    void recordDuration(ProbeOutcome outcome) {
        Timer.builder(PROBE_DURATION).description("time one health probe took (DNS, connect, TLS, /v2/, login)")
            .tags("registry", outcome.registryName(), "outcome", outcome.up() ? "up" : "down")
            .serviceLevelObjectives(LATENCY_BUCKETS).register(meters).record(outcome.latency());
    }

    /** Reloads the current state of every registry from the database. */
    synchronized void refresh() {
        List<ProbeStore.Health> health = store.allHealth();
        Map<Long, RegistrySummary> names = registries.summaries(health.stream().map(ProbeStore.Health::registryId).toList());
        Map<Long, Current> next = new HashMap<>();
        Set<Shape> shape = new HashSet<>();
        for (ProbeStore.Health h : health) {
            RegistrySummary registry = names.get(h.registryId());
            if (registry == null) {
                continue; // deleted between the two queries
            }
            Current c = current.getOrDefault(h.registryId(), new Current());
            c.name = registry.name();
            c.health = h;
            next.put(h.registryId(), c);
            shape.add(new Shape(h.registryId(), registry.name(), h.tlsExpiresAt() != null, h.caExpiresAt() != null,
                h.credentialExpiresAt() != null));
        }
        current.clear();
        current.putAll(next);
        if (!shape.equals(registered)) {
            registerRows(next);
            removeTimersOfOtherRegistries(next);
            registered = shape;
        }
    }

    /** Called periodically: picks up probes of the other instances and changed registries. */
    void refreshQuietly() {
        try {
            refresh();
        }
        catch (RuntimeException e) {
            log.warn("Could not refresh the probe metrics: {}", e.toString());
        }
    }

    /** A deleted or renamed registry: its meters go (or get the new name) right away, not at the next refresh. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void registryChanged(AuditableChange change) {
        if (RegistryService.ENTITY_TYPE.equals(change.entityType())) {
            refreshQuietly();
        }
    }

    private void registerRows(Map<Long, Current> states) {
        List<MultiGauge.Row<?>> upRows = new ArrayList<>();
        List<MultiGauge.Row<?>> certificateRows = new ArrayList<>();
        List<MultiGauge.Row<?>> credentialRows = new ArrayList<>();
        for (Current c : states.values()) {
            Tags registry = Tags.of("registry", c.name);
            upRows.add(MultiGauge.Row.of(registry, c, s -> s.health.up() ? 1 : 0));
            if (c.health.tlsExpiresAt() != null) {
                certificateRows.add(MultiGauge.Row.of(registry.and("source", "tls"), c,
                    daysLeft(h -> h.tlsExpiresAt())));
            }
            if (c.health.caExpiresAt() != null) {
                certificateRows.add(MultiGauge.Row.of(registry.and("source", "ca"), c, daysLeft(h -> h.caExpiresAt())));
            }
            if (c.health.credentialExpiresAt() != null) {
                credentialRows.add(MultiGauge.Row.of(registry, c, daysLeft(h -> h.credentialExpiresAt())));
            }
        }
        up.register(upRows, true);
        certificateDaysLeft.register(certificateRows, true);
        credentialDaysLeft.register(credentialRows, true);
    }

    private void removeTimersOfOtherRegistries(Map<Long, Current> states) {
        Set<String> names = new HashSet<>();
        states.values().forEach(c -> names.add(c.name));
        for (Meter timer : meters.find(PROBE_DURATION).meters()) {
            if (!names.contains(timer.getId().getTag("registry"))) {
                meters.remove(timer);
            }
        }
    }

    private java.util.function.ToDoubleFunction<Current> daysLeft(Function<ProbeStore.Health, Instant> expiry) {
        return c -> {
            Instant at = expiry.apply(c.health);
            return at == null ? Double.NaN : Duration.between(clock.instant(), at).toSeconds() / 86400.0;
        };
    }

    /** Mutable on purpose: a registered gauge keeps reading the same holder while refreshes replace its contents. */
    private static final class Current {
        volatile String name;
        volatile ProbeStore.Health health;
    }

    private record Shape(long registryId, String name, boolean tls, boolean ca, boolean credential) {
    }
}
