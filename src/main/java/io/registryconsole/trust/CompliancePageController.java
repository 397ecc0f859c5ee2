package io.registryconsole.trust;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.registryconsole.web.PageController;

/** The compliance report of an environment as a page (measured when the page is opened). */
@Controller
@PageController
class CompliancePageController {

    private final ComplianceService compliance;

    CompliancePageController(ComplianceService compliance) {
        this.compliance = compliance;
    }

    @GetMapping("/environments/{id}/compliance")
    String report(@PathVariable long id, Model model) {
        model.addAttribute("report", compliance.report(id));
        return "trust/compliance";
    }
}
