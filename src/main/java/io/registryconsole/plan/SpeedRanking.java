package io.registryconsole.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From measured trials: the endpoints that serve the image, fastest first, and SLOW_MIRROR_FIRST where a runtime
 * tries an endpoint first that is at least twice as slow as a later one serving the same digest. Pure.
 */
final class SpeedRanking {

    /** Twice as slow: the ratio from which the order is worth changing (noise stays well below it). */
    static final double SLOWER = 2.0;

    private SpeedRanking() {
    }

    static List<PullPlanView.RankedEndpoint> ranking(StaticPlan plan, Map<String, EndpointTrial> trials) {
        Map<String, PlannedEndpoint> distinct = new LinkedHashMap<>();
        plan.runtimes().forEach(r -> r.endpoints().forEach(e -> distinct.putIfAbsent(e.key(), e)));
        List<PlannedEndpoint> measured = distinct.values().stream().filter(e -> measured(trials.get(e.key())))
            .sorted(Comparator.comparingLong((PlannedEndpoint e) -> trials.get(e.key()).throughputBytesPerSecond()).reversed()).toList();
        List<PullPlanView.RankedEndpoint> ranking = new ArrayList<>();
        for (PlannedEndpoint e : measured) {
            EndpointTrial t = trials.get(e.key());
            ranking.add(new PullPlanView.RankedEndpoint(ranking.size() + 1, e.url(), e.registryId(), e.registryName(), t.digest(),
                t.throughputBytesPerSecond(), t.latencyMs() == null ? 0 : t.latencyMs()));
        }
        return ranking;
    }

    static List<PlanFlag> flags(StaticPlan plan, Map<String, EndpointTrial> trials) {
        List<PlanFlag> flags = new ArrayList<>();
        for (RuntimePlan rp : plan.runtimes()) {
            List<PlannedEndpoint> endpoints = rp.endpoints();
            outer:
            for (int i = 0; i < endpoints.size(); i++) {
                EndpointTrial early = trials.get(endpoints.get(i).key());
                if (!measured(early)) {
                    continue;
                }
                for (int j = i + 1; j < endpoints.size(); j++) {
                    EndpointTrial late = trials.get(endpoints.get(j).key());
                    if (measured(late) && late.digest() != null && late.digest().equals(early.digest())
                        && late.throughputBytesPerSecond() >= SLOWER * early.throughputBytesPerSecond()) {
                        flags.add(new PlanFlag(PlanFlag.Severity.WARNING, "SLOW_MIRROR_FIRST", rp.runtime() + " tries '"
                            + endpoints.get(i).registryName() + "' (" + rate(early) + ") before '" + endpoints.get(j).registryName()
                            + "' (" + rate(late) + "), which serves the same digest: every pull waits for the slower one. Suggested "
                            + "order: " + String.join(", ", suggested(endpoints, trials)), endpoints.get(i).registryId(), rp.runtime()));
                        break outer;
                    }
                }
            }
        }
        return flags;
    }

    /** The runtime's endpoints with the measured ones fastest first, unmeasured ones after them in their order. */
    static List<String> suggested(List<PlannedEndpoint> endpoints, Map<String, EndpointTrial> trials) {
        List<PlannedEndpoint> fast = endpoints.stream().filter(e -> measured(trials.get(e.key())))
            .sorted(Comparator.comparingLong((PlannedEndpoint e) -> trials.get(e.key()).throughputBytesPerSecond()).reversed()).toList();
        List<String> order = new ArrayList<>(fast.stream().map(e -> "'" + e.registryName() + "'").toList());
        endpoints.stream().filter(e -> !measured(trials.get(e.key()))).forEach(e -> order.add("'" + e.registryName() + "'"));
        return order;
    }

    private static boolean measured(EndpointTrial t) {
        return t != null && t.served() && t.throughputBytesPerSecond() != null;
    }

    static String rate(EndpointTrial t) {
        double bps = t.throughputBytesPerSecond();
        return bps >= 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f MiB/s", bps / (1024 * 1024))
            : String.format(java.util.Locale.ROOT, "%.1f KiB/s", bps / 1024);
    }
}
