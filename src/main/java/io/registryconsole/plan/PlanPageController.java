package io.registryconsole.plan;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/**
 * An environment's pull plan for an image. Trying the endpoints live is an operator action (as in the API), so
 * viewers get the plan without the trials.
 */
@Controller
@PageController
class PlanPageController {

    private static final String OPERATOR = "ROLE_OPERATOR";

    private final PlanService plans;
    private final EnvironmentService environments;
    private final RoleHierarchy roles;

    PlanPageController(PlanService plans, EnvironmentService environments, RoleHierarchy roles) {
        this.plans = plans;
        this.environments = environments;
        this.roles = roles;
    }

    @GetMapping("/environments/{id}/plan")
    String plan(@PathVariable long id, @RequestParam(required = false) String image,
                @RequestParam(required = false, defaultValue = "false") boolean measure, Authentication user, Model model,
                HttpServletResponse response) {
        model.addAttribute("environment", environments.get(id));
        model.addAttribute("measure", measure);
        model.addAttribute("image", image);
        model.addAttribute("errors", Map.of());
        boolean mayTry = user != null && roles.getReachableGrantedAuthorities(user.getAuthorities()).stream()
            .map(GrantedAuthority::getAuthority).anyMatch(OPERATOR::equals);
        model.addAttribute("mayTry", mayTry);
        if (image == null || image.isBlank()) {
            return "environments/plan";
        }
        if (image.length() > 512) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("errors", Map.of("image", "is longer than 512 characters"));
            return "environments/plan";
        }
        try {
            model.addAttribute("plan", plans.plan(id, image.strip(), mayTry, mayTry && measure));
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("errors", FormProblems.byField(e.problems(), field -> "image".equals(field) ? field : null));
        }
        return "environments/plan";
    }
}
