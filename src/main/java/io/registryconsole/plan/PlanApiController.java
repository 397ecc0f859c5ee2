package io.registryconsole.plan;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/environments")
@Tag(name = "Pull plans", description = "Which endpoints Docker, containerd and CRI-O would try for an image, each tried live")
class PlanApiController {

    private final PlanService plans;

    PlanApiController(PlanService plans) {
        this.plans = plans;
    }

    @PostMapping(path = "/{id}/plan", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Plan a pull of an image in an environment",
        description = "The ordered endpoints each runtime would try, each tried with a manifest HEAD (in parallel), which one "
            + "serves the image, and flags for configurations that cannot work.")
    PullPlanView plan(@PathVariable long id, @Valid @RequestBody PlanRequest request) {
        return plans.plan(id, request.image(), request.live() == null || request.live(), Boolean.TRUE.equals(request.measure()));
    }
}
