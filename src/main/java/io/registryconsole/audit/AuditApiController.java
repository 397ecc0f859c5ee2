package io.registryconsole.audit;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.shared.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "Audit", description = "Who changed what, newest first; secrets are never recorded")
class AuditApiController {

    private final AuditService audit;

    AuditApiController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "List audit events", description = "Newest first; sort by occurredAt or id")
    PageView<AuditEventView> list(
        @Parameter(description = "e.g. REGISTRY or ENVIRONMENT") @RequestParam(required = false) String entityType,
        @RequestParam(required = false) String entityId,
        @ParameterObject @PageableDefault(size = 50) Pageable pageable) {
        return audit.list(new AuditFilter(entityType, entityId), pageable);
    }
}
