package io.registryconsole.dashboard;

import java.util.HashMap;
import java.util.Map;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.export.ExportStatusMapper;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.probe.RegistryHealthSummary;
import io.registryconsole.pull.PullTestFilter;
import io.registryconsole.pull.PullTestService;
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

    EnvironmentDetailPageController(EnvironmentService environments, RegistryHealthService health, PullTestService pullTests,
                                    ExportStatusMapper exports) {
        this.environments = environments;
        this.health = health;
        this.pullTests = pullTests;
        this.exports = exports;
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
        return "environments/detail";
    }
}
