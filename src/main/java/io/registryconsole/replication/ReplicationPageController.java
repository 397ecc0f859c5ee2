package io.registryconsole.replication;

import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/**
 * Replication pages: the form (with a tag preview, dry run ticked by default), the history and the rules; one
 * replication with its images, followed live and cancellable. The rules live in {@link ReplicationService}.
 */
@Controller
@PageController
@RequestMapping("/replications")
class ReplicationPageController {

    private final ReplicationService replications;
    private final ReplicationRuleService rules;
    private final RegistryService registries;

    ReplicationPageController(ReplicationService replications, ReplicationRuleService rules, RegistryService registries) {
        this.replications = replications;
        this.rules = rules;
        this.registries = registries;
    }

    /** The form's fields; repositories one per line. */
    static final class ReplicationForm {
        private Long sourceRegistryId;
        private Long targetRegistryId;
        private String repositories;
        private String tags;
        private String targetPrefix;
        private String platforms = "ALL";
        private boolean withReferrers = true;
        private boolean dryRun = true;
        private String name;
        private String interval = "PT1H";

        ReplicationRuleRequest toRule() {
            ReplicationRequest r = toRequest();
            return new ReplicationRuleRequest(name, interval, r.sourceRegistryId(), r.targetRegistryId(), r.repositories(), r.tags(),
                r.targetPrefix(), r.platforms(), r.withReferrers(), r.dryRun());
        }

        public String getName() {
            return name;
        }

        public void setName(String v) {
            this.name = v;
        }

        public String getInterval() {
            return interval;
        }

        public void setInterval(String v) {
            this.interval = v;
        }

        ReplicationRequest toRequest() {
            List<String> repos = repositories == null ? List.of()
                : Arrays.stream(repositories.split("[\\s,]+")).filter(r -> !r.isBlank()).toList();
            return new ReplicationRequest(sourceRegistryId, targetRegistryId, repos, tags, targetPrefix, platforms, withReferrers, dryRun);
        }

        public Long getSourceRegistryId() {
            return sourceRegistryId;
        }

        public void setSourceRegistryId(Long v) {
            this.sourceRegistryId = v;
        }

        public Long getTargetRegistryId() {
            return targetRegistryId;
        }

        public void setTargetRegistryId(Long v) {
            this.targetRegistryId = v;
        }

        public String getRepositories() {
            return repositories;
        }

        public void setRepositories(String v) {
            this.repositories = v;
        }

        public String getTags() {
            return tags;
        }

        public void setTags(String v) {
            this.tags = v;
        }

        public String getTargetPrefix() {
            return targetPrefix;
        }

        public void setTargetPrefix(String v) {
            this.targetPrefix = v;
        }

        public String getPlatforms() {
            return platforms;
        }

        public void setPlatforms(String v) {
            this.platforms = v;
        }

        public boolean isWithReferrers() {
            return withReferrers;
        }

        public void setWithReferrers(boolean v) {
            this.withReferrers = v;
        }

        public boolean isDryRun() {
            return dryRun;
        }

        public void setDryRun(boolean v) {
            this.dryRun = v;
        }
    }

    @GetMapping
    String list(@ModelAttribute("form") ReplicationForm form, @RequestParam(defaultValue = "0") int page, Model model) {
        return page(form, Map.of(), page, model);
    }

    /** The tags each repository would contribute (source tag list filtered by the pattern), nothing started. */
    @PostMapping(params = "preview")
    String preview(@ModelAttribute("form") ReplicationForm form, Model model, HttpServletResponse response) {
        try {
            model.addAttribute("preview", replications.previewTags(form.toRequest()));
            return page(form, Map.of(), 0, model);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(form, FormProblems.byField(e.problems(), ReplicationPageController::formField), 0, model);
        }
    }

    @PostMapping
    String start(@ModelAttribute("form") ReplicationForm form, Principal principal, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        try {
            ReplicationView started = replications.start(form.toRequest(), principal == null ? null : principal.getName());
            redirect.addFlashAttribute("message", (started.dryRun() ? "Dry run" : "Replication") + " started.");
            return "redirect:/replications/" + started.id();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(form, FormProblems.byField(e.problems(), ReplicationPageController::formField), 0, model);
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model) {
        ReplicationView view = replications.get(id);
        model.addAttribute("replication", view);
        Map<ImageOutcome, Long> counts = new LinkedHashMap<>();
        for (ImageOutcome o : ImageOutcome.values()) {
            counts.put(o, view.count(o));
        }
        model.addAttribute("counts", counts);
        return "replications/detail";
    }

    /** The API's server-sent events on the page session. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events(@PathVariable long id) {
        return replications.events(id);
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        try {
            replications.cancel(id, principal == null ? null : principal.getName());
            redirect.addFlashAttribute("message", "Cancelling: images in flight stop within moments.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "Not cancelled: " + e.getMessage());
        }
        return "redirect:/replications/" + id;
    }

    /** Stores the form as a scheduled rule (ADMIN); it runs at once, then once per interval. */
    @PostMapping("/rules")
    String createRule(@ModelAttribute("form") ReplicationForm form, Principal principal, Model model, HttpServletResponse response,
                      RedirectAttributes redirect) {
        try {
            ReplicationRuleView rule = rules.create(form.toRule(), principal == null ? null : principal.getName());
            redirect.addFlashAttribute("message", "Rule " + rule.name() + " saved: it runs now, then every " + rule.interval() + ".");
            return "redirect:/replications#rules";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(form, FormProblems.byField(e.problems(), ReplicationPageController::formField), 0, model);
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(form, Map.of("name", e.getMessage()), 0, model);
        }
    }

    @PostMapping("/rules/{id}/delete")
    String deleteRule(@PathVariable long id, RedirectAttributes redirect) {
        ReplicationRuleView rule = rules.get(id);
        rules.delete(id);
        redirect.addFlashAttribute("message", "Rule " + rule.name() + " deleted; replications it started stay in the history.");
        return "redirect:/replications#rules";
    }

    static String formField(String field) {
        return switch (field) {
            case "sourceRegistryId", "targetRegistryId", "repositories", "tags", "targetPrefix", "platforms", "name", "interval" -> field;
            default -> null;
        };
    }

    private String page(ReplicationForm form, Map<String, String> errors, int page, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("replications", replications.list(page, 20));
        model.addAttribute("rules", rules.list());
        model.addAttribute("registries", registries.allSummaries());
        return "replications/list";
    }
}
