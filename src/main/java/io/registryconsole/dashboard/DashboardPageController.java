package io.registryconsole.dashboard;

import java.time.Instant;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

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
    String dashboard(Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        model.addAttribute("overview", health.overview());
        model.addAttribute("expiries", health.expiries());
        model.addAttribute("renderedAt", Instant.now());
        if ("true".equals(htmx)) {
            return "dashboard :: health"; // the live fragment alone, polled by the page
        }
        model.addAttribute("pulls", pullTests.list(new PullTestFilter(null, null, null), PageRequest.of(0, RECENT_PULLS)).content());
        model.addAttribute("complianceScores", new java.util.TreeMap<>(compliance.lastScores()));
        return "dashboard";
    }
}
