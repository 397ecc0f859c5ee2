package io.registryconsole.audit;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.web.PageController;

/** The audit trail, newest first, filtered by entity type and id. */
@Controller
@PageController
@RequestMapping("/audit")
class AuditPageController {

    private final AuditService audit;

    AuditPageController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping
    String list(@RequestParam(required = false) String entityType, @RequestParam(required = false) String entityId,
                @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("events", audit.list(new AuditFilter(entityType, entityId), PageRequest.of(Math.max(page, 0), 50)));
        model.addAttribute("entityType", entityType);
        model.addAttribute("entityId", entityId);
        model.addAttribute("pageBase", ServletUriComponentsBuilder.fromCurrentRequest());
        return "audit/list";
    }
}
