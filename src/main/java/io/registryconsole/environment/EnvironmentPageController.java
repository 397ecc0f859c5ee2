package io.registryconsole.environment;

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

import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.FormProblems;
import io.registryconsole.web.PageController;

/**
 * Environments pages: list, create, edit (with ordered binding rows added and removed by submit buttons, no
 * script), delete. Every rule lives in {@link EnvironmentService}.
 */
@Controller
@PageController
@RequestMapping("/environments")
class EnvironmentPageController {

    private final EnvironmentService environments;
    private final RegistryService registries;

    EnvironmentPageController(EnvironmentService environments, RegistryService registries) {
        this.environments = environments;
        this.registries = registries;
    }

    @InitBinder
    void bindNoId(WebDataBinder binder) {
        binder.setDisallowedFields("id");
        binder.setAutoGrowCollectionLimit(60);   // the service allows 50 bindings; more is a broken or hostile post
    }

    @GetMapping
    String list(@RequestParam(required = false) String name, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("environments", environments.list(new EnvironmentFilter(name, null),
            PageRequest.of(Math.max(page, 0), 20)));
        model.addAttribute("name", name);
        model.addAttribute("pageBase", ServletUriComponentsBuilder.fromCurrentRequest());
        return "environments/list";
    }

    @GetMapping("/new")
    String createForm(Model model) {
        EnvironmentForm form = new EnvironmentForm();
        form.addRow();
        return form(form, null, Map.of(), model);
    }

    @PostMapping(params = "addBinding")
    String addRowOnCreate(@ModelAttribute("form") EnvironmentForm form, Model model) {
        form.addRow();
        return form(form, null, Map.of(), model);
    }

    @PostMapping(params = "removeBinding")
    String removeRowOnCreate(@ModelAttribute("form") EnvironmentForm form, @RequestParam int removeBinding, Model model) {
        form.removeRow(removeBinding);
        return form(form, null, Map.of(), model);
    }

    @PostMapping
    String create(@ModelAttribute("form") EnvironmentForm form, Model model, HttpServletResponse response,
                  RedirectAttributes redirect) {
        try {
            EnvironmentView created = environments.create(form.toRequest());
            redirect.addFlashAttribute("message", "Environment '" + created.name() + "' created.");
            return "redirect:/environments";
        } catch (InvalidInputException e) {
            return rejected(form, null, FormProblems.byField(e.problems(), EnvironmentForm::formField), model, response);
        } catch (ConflictException e) {
            return rejected(form, null, conflict(e), model, response);
        }
    }

    @GetMapping("/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        EnvironmentView environment = environments.get(id);
        return form(EnvironmentForm.of(environment), environment, Map.of(), model);
    }

    @PostMapping(path = "/{id}", params = "addBinding")
    String addRow(@PathVariable long id, @ModelAttribute("form") EnvironmentForm form, Model model) {
        form.addRow();
        return form(form, environments.get(id), Map.of(), model);
    }

    @PostMapping(path = "/{id}", params = "removeBinding")
    String removeRow(@PathVariable long id, @ModelAttribute("form") EnvironmentForm form, @RequestParam int removeBinding,
                     Model model) {
        form.removeRow(removeBinding);
        return form(form, environments.get(id), Map.of(), model);
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") EnvironmentForm form, Model model,
                  HttpServletResponse response, RedirectAttributes redirect) {
        EnvironmentView stored = environments.get(id);
        try {
            EnvironmentView updated = environments.update(id, form.toRequest());
            redirect.addFlashAttribute("message", "Environment '" + updated.name() + "' saved.");
            return "redirect:/environments";
        } catch (InvalidInputException e) {
            return rejected(form, stored, FormProblems.byField(e.problems(), EnvironmentForm::formField), model, response);
        } catch (ConflictException e) {
            return rejected(form, stored, conflict(e), model, response);
        }
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(required = false) Long version, RedirectAttributes redirect) {
        String name = environments.get(id).name();
        try {
            environments.delete(id, version);
            redirect.addFlashAttribute("message", "Environment '" + name + "' deleted.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", "Environment '" + name + "' was not deleted: " + e.getMessage());
        }
        return "redirect:/environments";
    }

    private static Map<String, String> conflict(ConflictException e) {
        return e.reason() == ConflictException.Reason.DUPLICATE_NAME ? Map.of("name", e.getMessage())
            : Map.of(FormProblems.GLOBAL, e.getMessage());
    }

    private String rejected(EnvironmentForm form, EnvironmentView stored, Map<String, String> errors, Model model,
                            HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return form(form, stored, errors, model);
    }

    private String form(EnvironmentForm form, EnvironmentView stored, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("environment", stored);
        model.addAttribute("errors", errors);
        model.addAttribute("pullPolicies", PullPolicy.values());
        model.addAttribute("roles", BindingRole.values());
        model.addAttribute("registryChoices", registries.allSummaries());
        return "environments/form";
    }
}
