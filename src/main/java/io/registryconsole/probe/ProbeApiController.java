package io.registryconsole.probe;

import java.time.Instant;
import java.util.List;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.shared.ChartWindow;
import io.registryconsole.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Health probes", description = "Every registry probed on an interval: history, state, uptime, latency")
class ProbeApiController {

    private final RegistryHealthService health;

    ProbeApiController(RegistryHealthService health) {
        this.health = health;
    }

    @GetMapping("/registries/{id}/probes")
    @Operation(summary = "Probe history of a registry", description = "Newest first; from inclusive, to exclusive")
    PageView<ProbeView> probes(@PathVariable long id,
                               @Parameter(description = "ISO-8601 instant, e.g. 2025-01-31T00:00:00Z")
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                               @Parameter(description = "ISO-8601 instant")
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                               @ParameterObject @PageableDefault(size = 50) Pageable pageable) {
        return health.history(id, from, to, pageable);
    }

    @GetMapping("/registries/{id}/health")
    @Operation(summary = "Health of a registry", description = "Current state and since when, last probe, uptime over "
        + "24 h and 7 d (share of probes that found it up), latency p50/p95 of the last 24 h, last state change, expiries")
    RegistryHealthView health(@PathVariable long id) {
        return health.health(id);
    }

    @GetMapping("/registries/{id}/probes/series")
    @Operation(summary = "Probe history of a registry as a chart series", description = "The last 24 h or 7 d in 48 "
        + "buckets (oldest first, empty buckets left out): probes up and down, latency p50/p95 of the probes that were up")
    ProbeSeries series(@PathVariable long id,
                       @Parameter(description = "24h or 7d") @RequestParam(defaultValue = "24h") String window) {
        return health.series(id, ChartWindow.of(window));
    }

    @GetMapping("/registries/{id}/state-changes")
    @Operation(summary = "State changes of a registry", description = "UP/DOWN transitions, newest first")
    List<StateChangeView> stateChanges(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
        return health.stateChanges(id, limit);
    }

    @PostMapping("/registries/{id}/probes")
    @Operation(summary = "Probe a registry now", description = "Recorded like a scheduled probe")
    ProbeView probeNow(@PathVariable long id) {
        return health.probeNow(id);
    }

    @GetMapping("/health/registries")
    @Operation(summary = "Health of every registry")
    HealthOverview overview() {
        return health.overview();
    }
}
