package io.registryconsole.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.registryconsole.check.CheckReport;
import io.registryconsole.check.ChecksBusyException;
import io.registryconsole.check.ConnectionCheckService;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/**
 * A registry's page: its settings (never the secret), its health as the probes saw it, and "Check now". It lives
 * here, with the dashboard, because it brings registries, probes and checks together (those packages depend on
 * one another in that order).
 */
@Controller
@PageController
@RequestMapping("/registries/{id}")
class RegistryDetailPageController {

    static final int HISTORY_SIZE = 20;

    private final RegistryService registries;
    private final RegistryHealthService health;
    private final ConnectionCheckService checks;

    RegistryDetailPageController(RegistryService registries, RegistryHealthService health, ConnectionCheckService checks) {
        this.registries = registries;
        this.health = health;
        this.checks = checks;
    }

    @GetMapping
    String detail(@PathVariable long id, Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        String page = detail(registries.get(id), null, Map.of(), model);
        return "true".equals(htmx) ? "registries/detail :: live" : page; // the live fragment alone, polled by the page
    }

    /** Runs the connection check and shows every step; a bad repository name is shown beside its field and runs nothing. */
    @PostMapping("/check")
    String check(@PathVariable long id, @RequestParam(required = false) String repository, Model model,
                 HttpServletResponse response) {
        RegistryView registry = registries.get(id);
        Optional<String> problem = checks.repositoryProblem(repository);
        if (problem.isPresent()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return detail(registry, repository, Map.of("repository", problem.get()), model);
        }
        CheckReport report;
        try {
            report = checks.check(id, Optional.ofNullable(repository));
        } catch (ChecksBusyException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
            return detail(registry, repository, Map.of(FormProblems.GLOBAL, e.getMessage()), model);
        }
        model.addAttribute("registry", registry);
        model.addAttribute("repository", repository);
        model.addAttribute("report", report);
        model.addAttribute("errors", Map.of());
        return "registries/check";
    }

    private String detail(RegistryView registry, String repository, Map<String, String> errors, Model model) {
        model.addAttribute("registry", registry);
        model.addAttribute("health", health.health(registry.id()));
        model.addAttribute("probes", health.history(registry.id(), null, null, PageRequest.of(0, HISTORY_SIZE)).content());
        model.addAttribute("changes", health.stateChanges(registry.id(), HISTORY_SIZE));
        model.addAttribute("renderedAt", Instant.now());
        model.addAttribute("repository", repository);
        model.addAttribute("errors", errors);
        return "registries/detail";
    }
}
