package io.registryconsole.dashboard;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.pull.PullTestFilter;
import io.registryconsole.pull.PullTestService;
import io.registryconsole.trust.ComplianceService;
import io.registryconsole.web.PageController;

/** The start page: every registry's health as the probes saw it, and the most recent test pulls. */
@Controller
@PageController
class DashboardPageController {

    static final int RECENT_PULLS = 10;

    private final RegistryHealthService health;
    private final PullTestService pullTests;
    private final ComplianceService compliance;

    DashboardPageController(RegistryHealthService health, PullTestService pullTests, ComplianceService compliance) {
        this.health = health;
        this.pullTests = pullTests;
        this.compliance = compliance;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        model.addAttribute("overview", health.overview());
        model.addAttribute("expiries", health.expiries());
        model.addAttribute("pulls", pullTests.list(new PullTestFilter(null, null, null), PageRequest.of(0, RECENT_PULLS)).content());
        model.addAttribute("complianceScores", new java.util.TreeMap<>(compliance.lastScores()));
        return "dashboard";
    }
}
