package io.registryconsole.trust;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/environments/{id}/compliance")
@Tag(name = "Compliance", description = "Per-environment compliance report (MLPS 2.0 / 等保 2.0, GDPR), measured live")
class ComplianceApiController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ComplianceService compliance;

    ComplianceApiController(ComplianceService compliance) {
        this.compliance = compliance;
    }

    @GetMapping
    @Operation(summary = "Measure the environment's registries now and judge every rule")
    ResponseEntity<?> report(@PathVariable long id,
                             @Parameter(description = "json (default) or csv") @RequestParam(required = false) String format) {
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new InvalidInputException("format", "is json or csv");
        }
        ComplianceReport report = compliance.report(id);
        if ("csv".equals(format)) {
            return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"compliance-" + id + ".csv\"")
                .body(ComplianceCsv.of(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
}
