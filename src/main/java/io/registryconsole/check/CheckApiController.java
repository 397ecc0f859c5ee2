package io.registryconsole.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/registries")
@Tag(name = "Checks", description = "Connection checks: every step from DNS to pull access, with a diagnosis")
class CheckApiController {

    static final URI BUSY = URI.create("urn:registry-console:problem:busy");

    private final ConnectionCheckService checks;
    private final RegistryService registries;

    CheckApiController(ConnectionCheckService checks, RegistryService registries) {
        this.checks = checks;
        this.registries = registries;
    }

    @PostMapping(path = "/{id}/check", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check the connection to a registry",
        description = "Steps CONFIG, DNS, TCP, TLS, API, AUTH and (with a repository) REPOSITORY. A registry problem is a "
            + "report with ok=false, a category and a remediation, not an error status. The body is optional.")
    CheckReport check(@PathVariable long id, @Valid @RequestBody(required = false) CheckRequest request) {
        return checks.check(id, Optional.ofNullable(request).map(CheckRequest::repository));
    }

    @PostMapping(path = "/checks", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check many registries at once",
        description = "All in parallel: the run takes about one check timeout however many registries are unreachable. "
            + "Unknown ids are left out of the answer.")
    List<RegistryCheckView> checkAll(@Valid @RequestBody(required = false) BatchCheckRequest request) {
        List<Long> ids = request == null || request.registryIds() == null || request.registryIds().isEmpty()
            ? registries.allSummaries().stream().map(RegistrySummary::id).toList()
            : request.registryIds();
        Map<Long, CheckReport> reports = checks.checkAll(ids);
        Map<Long, RegistrySummary> names = registries.summaries(reports.keySet());
        List<RegistryCheckView> views = new ArrayList<>();
        reports.forEach((id, report) -> views.add(new RegistryCheckView(id,
            Optional.ofNullable(names.get(id)).map(RegistrySummary::name).orElse(null), report)));
        return views;
    }

    /** Handled here, before the global handler, because it needs Retry-After. */
    @ExceptionHandler(ChecksBusyException.class)
    ResponseEntity<ProblemDetail> busy(ChecksBusyException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(BUSY);
        problem.setTitle("Too many connection checks");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
            .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
