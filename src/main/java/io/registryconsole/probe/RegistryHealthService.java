package io.registryconsole.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.registry.RegistryView;
import io.registryconsole.shared.ChartWindow;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;

/** What the health probes found: history, current state, uptime and latency per registry. */
@Service
public class RegistryHealthService {

    static final Duration DAY = Duration.ofDays(1);
    static final Duration WEEK = Duration.ofDays(7);
    private static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

    private final ProbeStore store;
    private final RegistryService registries;
    private final ProbeRunner runner;
    private final Clock clock;

    RegistryHealthService(ProbeStore store, RegistryService registries, ProbeRunner runner) {
        this.store = store;
        this.registries = registries;
        this.runner = runner;
        this.clock = Clock.systemUTC();
    }

    /**
     * Probes of a registry, newest first.
     *
     * @param from inclusive, null for the oldest kept
     * @param to   exclusive, null for now
     */
    public PageView<ProbeView> history(long registryId, Instant from, Instant to, Pageable pageable) {
        requireRegistry(registryId);
        Instant start = from == null ? BEGINNING : from;
        Instant end = to == null ? END : to;
        if (!start.isBefore(end)) {
            throw new InvalidInputException(List.of(new FieldProblem("from", "must be before to")));
        }
        Pageable page = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize());
        List<ProbeView> content = store.probes(registryId, start, end, page.getOffset(), page.getPageSize()).stream()
            .map(ProbeView::of).toList();
        long total = store.countProbes(registryId, start, end);
        return PageView.of(new PageImpl<>(content, page, total), view -> view);
    }

    public RegistryHealthView health(long registryId) {
        RegistryView registry = registries.get(registryId);
        Instant now = clock.instant();
        Optional<ProbeStore.Health> health = store.health(registryId);
        Map<Long, ProbeStore.Availability> day = store.availabilitySince(now.minus(DAY), List.of(registryId));
        Map<Long, ProbeStore.Availability> week = store.availabilitySince(now.minus(WEEK), List.of(registryId));
        List<Long> latencies = new ArrayList<>(store.upLatenciesSince(registryId, now.minus(DAY)));
        latencies.sort(null);
        RegistryHealthView.Latency latency = new RegistryHealthView.Latency(percentile(latencies, 50),
            percentile(latencies, 95), latencies.size());
        RegistryHealthView.Uptime uptime = new RegistryHealthView.Uptime(percent(day.get(registryId)),
            percent(week.get(registryId)));
        StateChangeView lastChange = store.lastChange(registryId).map(StateChangeView::of).orElse(null);
        if (health.isEmpty()) {
            return new RegistryHealthView(registryId, registry.name(), registry.url(), "UNKNOWN", null, null, uptime, latency,
                lastChange, new RegistryHealthView.Expiry(null, null, null, null, null, null));
        }
        ProbeStore.Health h = health.get();
        ProbeView lastProbe = store.probes(registryId, h.probedAt(), h.probedAt().plusMillis(1), 0, 1).stream()
            .findFirst().map(ProbeView::of).orElse(null);
        RegistryHealthView.Expiry expiry = new RegistryHealthView.Expiry(h.tlsExpiresAt(), Days.between(now, h.tlsExpiresAt()),
            h.caExpiresAt(), Days.between(now, h.caExpiresAt()), h.credentialExpiresAt(),
            Days.between(now, h.credentialExpiresAt()));
        return new RegistryHealthView(registryId, registry.name(), registry.url(), state(h), h.stateSince(), lastProbe,
            uptime, latency, lastChange, expiry);
    }

    /** The registry's probes over the window in {@link ChartWindow#BUCKETS} buckets: up/down counts and latency p50/p95. */
    public ProbeSeries series(long registryId, ChartWindow window) {
        requireRegistry(registryId);
        Instant to = clock.instant();
        Instant from = to.minus(window.span());
        long bucketMillis = window.bucket().toMillis();
        java.util.TreeMap<Long, List<ProbeStore.ProbePoint>> byBucket = new java.util.TreeMap<>();
        for (ProbeStore.ProbePoint p : store.pointsSince(registryId, from)) {
            long index = (p.probedAt().toEpochMilli() - from.toEpochMilli()) / bucketMillis;
            byBucket.computeIfAbsent(index, i -> new ArrayList<>()).add(p);
        }
        List<ProbeSeries.Bucket> buckets = new ArrayList<>();
        byBucket.forEach((index, points) -> {
            List<Long> latencies = new ArrayList<>(points.stream().filter(ProbeStore.ProbePoint::up)
                .map(ProbeStore.ProbePoint::latencyMs).toList());
            latencies.sort(null);
            buckets.add(new ProbeSeries.Bucket(from.plusMillis(index * bucketMillis), points.size(), latencies.size(),
                points.size() - latencies.size(), percentile(latencies, 50), percentile(latencies, 95)));
        });
        return new ProbeSeries(registryId, window.id(), from, to, bucketMillis / 1000, buckets);
    }

    /** State changes of a registry, newest first. */
    public List<StateChangeView> stateChanges(long registryId, int limit) {
        requireRegistry(registryId);
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException(List.of(new FieldProblem("limit", "must be between 1 and 1000")));
        }
        return store.changes(registryId, limit).stream().map(StateChangeView::of).toList();
    }

    public HealthOverview overview() {
        Instant now = clock.instant();
        List<RegistrySummary> all = registries.allSummaries();
        Map<Long, ProbeStore.Health> health = new java.util.HashMap<>();
        store.allHealth().forEach(h -> health.put(h.registryId(), h));
        Map<Long, ProbeStore.Availability> day = store.availabilitySince(now.minus(DAY),
            all.stream().map(RegistrySummary::id).toList());
        List<RegistryHealthSummary> summaries = new ArrayList<>();
        int up = 0;
        int down = 0;
        for (RegistrySummary registry : all) {
            ProbeStore.Health h = health.get(registry.id());
            Double uptime = percent(day.get(registry.id()));
            if (h == null) {
                summaries.add(new RegistryHealthSummary(registry.id(), registry.name(), registry.url(), "UNKNOWN", null, null,
                    null, null, null, null, uptime));
                continue;
            }
            if (h.up()) {
                up++;
            }
            else {
                down++;
            }
            summaries.add(new RegistryHealthSummary(registry.id(), registry.name(), registry.url(), state(h), h.stateSince(),
                h.probedAt(), h.category(), h.summary(), h.remediation(), h.latencyMs(), uptime));
        }
        return new HealthOverview(all.size(), up, down, all.size() - up - down, summaries);
    }

    /**
     * Certificate and credential expiry of every probed registry as of its last probe, with days left from now (for
     * the dashboard, in one query rather than one {@link #health} per registry).
     */
    public Map<Long, RegistryHealthView.Expiry> expiries() {
        Instant now = clock.instant();
        Map<Long, RegistryHealthView.Expiry> expiries = new java.util.HashMap<>();
        for (ProbeStore.Health h : store.allHealth()) {
            expiries.put(h.registryId(), new RegistryHealthView.Expiry(h.tlsExpiresAt(), Days.between(now, h.tlsExpiresAt()),
                h.caExpiresAt(), Days.between(now, h.caExpiresAt()), h.credentialExpiresAt(), Days.between(now, h.credentialExpiresAt())));
        }
        return expiries;
    }

    /**
     * Probes the registry now (outside the schedule) and records the result like a scheduled probe.
     *
     * @throws NotFoundException when the registry does not exist
     */
    public ProbeView probeNow(long registryId) {
        return runner.run(registryId).orElseThrow(() -> new NotFoundException("registry", registryId));
    }

    private void requireRegistry(long registryId) {
        if (!registries.exists(registryId)) {
            throw new NotFoundException("registry", registryId);
        }
    }

    private static String state(ProbeStore.Health health) {
        return ProbeStore.State.of(health.up()).name();
    }

    static Double percent(ProbeStore.Availability availability) {
        if (availability == null || availability.probes() == 0) {
            return null;
        }
        return Math.round(10_000.0 * availability.ups() / availability.probes()) / 100.0;
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
