package io.registryconsole.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.web.PageController;

/**
 * "Import" into an environment: paste or upload a client configuration, see what it would change, confirm.
 * The confirm step posts the file's text again and it is read and planned again: the page never trusts a plan
 * it rendered.
 */
@Controller
@PageController
@RequestMapping("/environments/{id}/import")
class ImportPageController {

    static final int MAX_CHARS = 1_000_000;

    private final EnvironmentImportMapper imports;
    private final EnvironmentService environments;

    ImportPageController(EnvironmentImportMapper imports, EnvironmentService environments) {
        this.imports = imports;
        this.environments = environments;
    }

    @GetMapping
    String form(@PathVariable long id, Model model) {
        return page(environments.get(id), "docker-daemon", "", "", model);
    }

    @PostMapping("/preview")
    String preview(@PathVariable long id, @RequestParam String format, @RequestParam(defaultValue = "") String content,
                   @RequestParam(required = false) MultipartFile file, @RequestParam(defaultValue = "") String upstreamHost,
                   Model model, HttpServletResponse response) throws IOException {
        EnvironmentView environment = environments.get(id);
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : content;
        try {
            model.addAttribute("plan", imports.preview(id, parse(format, text), text, blankToNull(upstreamHost)));
        } catch (ImportException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("importProblems", e.problems());
        } catch (IllegalArgumentException | InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("error", message(e));
        }
        return page(environment, format, text, upstreamHost, model);
    }

    @PostMapping("/apply")
    String apply(@PathVariable long id, @RequestParam String format, @RequestParam String content,
                 @RequestParam(defaultValue = "") String upstreamHost, Model model, HttpServletResponse response,
                 RedirectAttributes redirect) {
        try {
            EnvironmentView updated = imports.apply(id, parse(format, content), content, blankToNull(upstreamHost));
            redirect.addFlashAttribute("message", "Imported into environment '" + updated.name() + "'.");
            return "redirect:/environments";
        } catch (ImportException e) {
            model.addAttribute("importProblems", e.problems());
        } catch (IllegalArgumentException | InvalidInputException | ConflictException e) {
            model.addAttribute("error", message(e));
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(environments.get(id), format, content, upstreamHost, model);
    }

    private static Format parse(String format, String content) {
        if (content.isBlank()) {
            throw new InvalidInputException("content", "paste a file or choose one to upload");
        }
        if (content.length() > MAX_CHARS) {
            throw new InvalidInputException("content", "is longer than " + MAX_CHARS + " characters");
        }
        Format parsed = ExportRequestMapper.format(format);
        if (parsed == Format.NGINX_PROXY) {
            throw new InvalidInputException("format", "nginx configurations cannot be imported");
        }
        return parsed;
    }

    private static String message(RuntimeException e) {
        if (e instanceof InvalidInputException invalid) {
            return String.join("; ", invalid.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
        }
        return e.getMessage();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String page(EnvironmentView environment, String format, String content, String upstreamHost, Model model) {
        model.addAttribute("environment", environment);
        model.addAttribute("formats", java.util.Arrays.stream(Format.values()).filter(f -> f != Format.NGINX_PROXY).toList());
        model.addAttribute("format", format);
        model.addAttribute("content", content);
        model.addAttribute("upstreamHost", upstreamHost);
        return "exports/import";
    }
}
