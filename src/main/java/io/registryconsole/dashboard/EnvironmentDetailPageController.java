package io.registryconsole.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.export.ExportStatusMapper;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.probe.RegistryHealthSummary;
import io.registryconsole.pull.PullTestFilter;
import io.registryconsole.pull.PullTestService;
import io.registryconsole.trust.ComplianceService;
import io.registryconsole.web.PageController;

/**
 * An environment's page: its bindings in order with each registry's health, the recent test pulls through it and
 * their success rate, whether each export changed since it was last downloaded, and links to plan, exports, import
 * and test pull. It lives with the dashboard because it brings environments, probes, pulls and exports together.
 */
@Controller
@PageController
class EnvironmentDetailPageController {

    static final int RECENT_PULLS = 10;

    private final EnvironmentService environments;
    private final RegistryHealthService health;
    private final PullTestService pullTests;
    private final ExportStatusMapper exports;
    private final ComplianceService compliance;

    EnvironmentDetailPageController(EnvironmentService environments, RegistryHealthService health, PullTestService pullTests,
                                    ExportStatusMapper exports, ComplianceService compliance) {
        this.environments = environments;
        this.health = health;
        this.pullTests = pullTests;
        this.exports = exports;
        this.compliance = compliance;
    }

    /** A registry whose latest probe found its clock off beyond the tolerance (probes record only those offsets). */
    record ClockOffset(String registryName, long offsetMs, java.time.Instant probedAt) {

        /** "+2h 0m 3s": the registry's clock minus the console's. */
        public String text() {
            java.time.Duration d = java.time.Duration.ofMillis(Math.abs(offsetMs));
            return (offsetMs < 0 ? "-" : "+") + (d.toHours() > 0 ? d.toHours() + "h " : "") + d.toMinutesPart() + "m "
                + d.toSecondsPart() + "s";
        }

        public String side() {
            return offsetMs > 0 ? "ahead of the console clock" : "behind the console clock";
        }
    }

    /** The latest probe of each registry of the environment: one small query per registry, no live measurement. */
    private List<ClockOffset> clockOffsets(EnvironmentView environment) {
        List<ClockOffset> offsets = new ArrayList<>();
        for (BindingView binding : environment.registries()) {
            if (offsets.stream().anyMatch(o -> o.registryName().equals(binding.registryName()))) {
                continue;
            }
            health.history(binding.registryId(), null, null, PageRequest.of(0, 1)).content().stream().findFirst()
                .filter(p -> p.clockOffsetMs() != null)
                .ifPresent(p -> offsets.add(new ClockOffset(binding.registryName(), p.clockOffsetMs(), p.probedAt())));
        }
        return offsets;
    }

    @GetMapping("/environments/{id}")
    String environment(@PathVariable long id, Model model) {
        EnvironmentView environment = environments.get(id);
        Map<Long, RegistryHealthSummary> healthById = new HashMap<>();
        health.overview().registries().forEach(r -> healthById.put(r.registryId(), r));
        model.addAttribute("environment", environment);
        model.addAttribute("health", healthById);
        model.addAttribute("pulls", pullTests.list(new PullTestFilter(null, id, null), PageRequest.of(0, RECENT_PULLS)).content());
        model.addAttribute("exports", exports.statuses(id));
        model.addAttribute("complianceScore", compliance.lastScores().get(id));
        model.addAttribute("clockOffsets", clockOffsets(environment));
        return "environments/detail";
    }
}
