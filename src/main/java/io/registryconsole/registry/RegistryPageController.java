package io.registryconsole.registry;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/** Registries pages: list with filters, create, edit, delete. Every rule lives in {@link RegistryService}. */
@Controller
@PageController
@RequestMapping("/registries")
class RegistryPageController {

    static final int PAGE_SIZE = 20;

    private final RegistryService registries;

    RegistryPageController(RegistryService registries) {
        this.registries = registries;
    }

    @InitBinder
    void bindNoId(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping
    String list(@RequestParam(required = false) String name, @RequestParam(required = false) String label,
                @RequestParam(required = false) RegistryProvider provider, @RequestParam(defaultValue = "0") int page,
                Model model) {
        model.addAttribute("registries", registries.list(new RegistryFilter(name, label, provider),
            PageRequest.of(Math.max(page, 0), PAGE_SIZE)));
        model.addAttribute("name", name);
        model.addAttribute("label", label);
        model.addAttribute("provider", provider);
        model.addAttribute("providers", RegistryProvider.values());
        model.addAttribute("pageBase", ServletUriComponentsBuilder.fromCurrentRequest());
        return "registries/list";
    }

    @GetMapping("/new")
    String createForm(Model model) {
        return form(new RegistryForm(), null, Map.of(), model);
    }

    @PostMapping
    String create(@ModelAttribute("form") RegistryForm form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            RegistryView created = registries.create(form.toRequest(false, null));
            redirect.addFlashAttribute("message", "Registry '" + created.name() + "' created.");
            return "redirect:/registries";
        } catch (InvalidInputException e) {
            return rejected(form, null, FormProblems.byField(e.problems(), RegistryForm::formField), model, response);
        } catch (ConflictException e) {
            return rejected(form, null, conflict(e), model, response);
        }
    }

    @GetMapping("/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        RegistryView registry = registries.get(id);
        return form(RegistryForm.of(registry), registry, Map.of(), model);
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") RegistryForm form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        RegistryView stored = registries.get(id);
        try {
            RegistryView updated = registries.update(id, form.toRequest(true, registries.caCertificatePem(id).orElse(null)));
            redirect.addFlashAttribute("message", "Registry '" + updated.name() + "' saved.");
            return "redirect:/registries";
        } catch (InvalidInputException e) {
            return rejected(form, stored, FormProblems.byField(e.problems(), RegistryForm::formField), model, response);
        } catch (ConflictException e) {
            return rejected(form, stored, conflict(e), model, response);
        }
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        String name = registries.get(id).name();
        try {
            registries.delete(id, version);
            redirect.addFlashAttribute("message", "Registry '" + name + "' deleted.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "Registry '" + name + "' was not deleted: " + e.getMessage());
        }
        return "redirect:/registries";
    }

    private static Map<String, String> conflict(ConflictException e) {
        return switch (e.reason()) {
            case DUPLICATE_NAME -> Map.of("name", e.getMessage());
            case STALE_VERSION -> Map.of(FormProblems.GLOBAL, e.getMessage());
            default -> Map.of(FormProblems.GLOBAL, e.getMessage());
        };
    }

    private String rejected(RegistryForm form, RegistryView stored, Map<String, String> errors, Model model,
                            HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(form, stored, errors, model);
    }

    private String form(RegistryForm form, RegistryView stored, Map<String, String> errors, Model model) {
        form.forgetSecrets();
        model.addAttribute("form", form);
        model.addAttribute("registry", stored);
        model.addAttribute("errors", errors);
        model.addAttribute("providers", RegistryProvider.values());
        model.addAttribute("credentialKinds", CredentialKind.values());
        return "registries/form";
    }
}
