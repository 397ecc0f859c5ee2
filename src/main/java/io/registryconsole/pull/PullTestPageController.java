package io.registryconsole.pull;

import java.security.Principal;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.environment.EnvironmentFilter;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.plan.ContainerRuntime;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/**
 * Test pull pages: the form and the history, one test pull with its result, live progress and Cancel. Every rule
 * lives in {@link PullTestService}; the page only turns its field problems into messages beside the fields.
 */
@Controller
@PageController
@RequestMapping("/pull-tests")
class PullTestPageController {

    static final int PAGE_SIZE = 20;

    private final PullTestService pullTests;
    private final RegistryService registries;
    private final EnvironmentService environments;

    PullTestPageController(PullTestService pullTests, RegistryService registries, EnvironmentService environments) {
        this.pullTests = pullTests;
        this.registries = registries;
        this.environments = environments;
    }

    /** The form's fields; every one may be blank (the service says what is missing). */
    static final class PullTestForm {
        private String image;
        private Long registryId;
        private Long environmentId;
        private String platform;
        private PullMode mode = PullMode.MANIFEST;
        private ContainerRuntime runtime;

        PullTestRequest toRequest() {
            return new PullTestRequest(image, registryId, environmentId, platform == null || platform.isBlank() ? null : platform.strip(),
                mode, environmentId == null ? null : runtime, null);
        }

        public String getImage() {
            return image;
        }

        public void setImage(String image) {
            this.image = image;
        }

        public Long getRegistryId() {
            return registryId;
        }

        public void setRegistryId(Long registryId) {
            this.registryId = registryId;
        }

        public Long getEnvironmentId() {
            return environmentId;
        }

        public void setEnvironmentId(Long environmentId) {
            this.environmentId = environmentId;
        }

        public String getPlatform() {
            return platform;
        }

        public void setPlatform(String platform) {
            this.platform = platform;
        }

        public PullMode getMode() {
            return mode;
        }

        public void setMode(PullMode mode) {
            this.mode = mode;
        }

        public ContainerRuntime getRuntime() {
            return runtime;
        }

        public void setRuntime(ContainerRuntime runtime) {
            this.runtime = runtime;
        }
    }

    @GetMapping
    String list(@ModelAttribute("form") PullTestForm form, @RequestParam(defaultValue = "0") int page, Model model) {
        return page(form, Map.of(), page, model);
    }

    @PostMapping
    String start(@ModelAttribute("form") PullTestForm form, Principal principal, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        try {
            PullTestView started = pullTests.start(form.toRequest(), principal == null ? null : principal.getName());
            redirect.addFlashAttribute("message", "Test pull of " + started.image() + " started.");
            return "redirect:/pull-tests/" + started.id();
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return page(form, FormProblems.byField(e.problems(), PullTestPageController::formField), 0, model);
        } catch (PullTestService.BusyException e) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            return page(form, Map.of(FormProblems.GLOBAL, e.running() + " test pulls are running and " + e.waiting()
                + " are waiting, the most the console takes; try again in a moment."), 0, model);
        }
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model) {
        PullTestView test = pullTests.get(id);
        model.addAttribute("test", test);
        model.addAttribute("phaseTotal", test.phases().stream().mapToLong(PullTestView.Phase::durationMs).sum());
        return "pulltests/detail";
    }

    /** The server-sent events of the API, on the page session (the API itself takes no session cookies). */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events(@PathVariable long id) {
        return pullTests.events(id);
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable long id, RedirectAttributes redirect) {
        try {
            PullTestView cancelled = pullTests.cancel(id);
            redirect.addFlashAttribute("message", cancelled.status() == PullStatus.CANCELLED ? "Test pull cancelled."
                : "Cancelling: the test pull stops within moments.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "Not cancelled: " + e.getMessage());
        }
        return "redirect:/pull-tests/" + id;
    }

    static String formField(String field) {
        return switch (field) {
            case "image", "registryId", "environmentId", "platform", "mode", "runtime" -> field;
            default -> null;
        };
    }

    private String page(PullTestForm form, Map<String, String> errors, int page, Model model) {
        Pageable pageable = PageRequest.of(Math.max(page, 0), PAGE_SIZE);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("tests", pullTests.list(new PullTestFilter(null, null, null), pageable));
        model.addAttribute("registries", registries.allSummaries());
        model.addAttribute("environments", environments.list(EnvironmentFilter.ALL, Pageable.unpaged()).content());
        model.addAttribute("modes", PullMode.values());
        model.addAttribute("runtimes", ContainerRuntime.values());
        model.addAttribute("pageBase", ServletUriComponentsBuilder.fromCurrentRequest());
        return "pulltests/list";
    }
}
