package io.registryconsole.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Optional;

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
 * The pasted file stays on the server ({@link PendingImports}) between preview and confirm, because it may hold
 * passwords: the preview page carries only a random id. Confirm reads and plans that file again: the page never
 * trusts a plan it rendered.
 */
@Controller
@PageController
@RequestMapping("/environments/{id}/import")
class ImportPageController {

    static final int MAX_CHARS = 1_000_000;

    static final String STALE = "This preview is no longer available (it was applied already, is older than 30 minutes,"
        + " or belongs to another user). Nothing was changed: paste or upload the file again.";

    private final EnvironmentImportMapper imports;
    private final EnvironmentService environments;
    private final PendingImports pending;

    ImportPageController(EnvironmentImportMapper imports, EnvironmentService environments, PendingImports pending) {
        this.imports = imports;
        this.environments = environments;
        this.pending = pending;
    }

    @GetMapping
    String form(@PathVariable long id, Model model) {
        return page(environments.get(id), "docker-daemon", "", "", model);
    }

    @PostMapping("/preview")
    String preview(@PathVariable long id, @RequestParam String format, @RequestParam(defaultValue = "") String content,
                   @RequestParam(required = false) MultipartFile file, @RequestParam(defaultValue = "") String upstreamHost,
                   Principal user, Model model, HttpServletResponse response) throws IOException {
        EnvironmentView environment = environments.get(id);
        String text = file != null && !file.isEmpty() ? new String(file.getBytes(), StandardCharsets.UTF_8) : content;
        try {
            Format parsed = parse(format, text);
            String host = blankToNull(upstreamHost);
            ImportPlan plan = imports.preview(id, parsed, text, host);
            model.addAttribute("plan", plan);
            if (!plan.changes().isEmpty()) {
                model.addAttribute("pendingId", pending.put(id, user.getName(), parsed, text, host));
            }
            return page(environment, format, "", upstreamHost, model);
        } catch (ImportException e) {
            model.addAttribute("importProblems", e.problems());
        } catch (IllegalArgumentException | InvalidInputException e) {
            model.addAttribute("error", message(e));
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(environment, format, echo(format, text), upstreamHost, model);
    }

    @PostMapping("/apply")
    String apply(@PathVariable long id, @RequestParam(defaultValue = "") String pendingId, Principal user, Model model,
                 HttpServletResponse response, RedirectAttributes redirect) {
        Optional<PendingImports.Pending> taken = pending.take(pendingId, id, user.getName());
        if (taken.isEmpty()) {
            model.addAttribute("error", STALE);
            response.setStatus(HttpStatus.CONFLICT.value());
            return page(environments.get(id), "docker-daemon", "", "", model);
        }
        PendingImports.Pending file = taken.get();
        try {
            EnvironmentView updated = imports.apply(id, file.format(), file.content(), file.upstreamHost());
            redirect.addFlashAttribute("message", "Imported into environment '" + updated.name() + "'.");
            return "redirect:/environments";
        } catch (ImportException e) {
            model.addAttribute("importProblems", e.problems());
        } catch (IllegalArgumentException | InvalidInputException | ConflictException e) {
            model.addAttribute("error", message(e) + " Nothing was changed.");
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        String upstream = file.upstreamHost() == null ? "" : file.upstreamHost();
        return page(environments.get(id), file.format().id(), echo(file.format().id(), file.content()), upstream, model);
    }

    /** A file that was rejected goes back into the text area to be fixed, unless its format may hold logins. */
    private static String echo(String format, String text) {
        try {
            return Format.fromId(format).mayHoldSecrets() ? "" : text;
        } catch (IllegalArgumentException e) {
            return ""; // an unknown format might hold logins: echo nothing
        }
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
        if (!parsed.importable()) {
            throw new InvalidInputException("format", parsed.id() + " files cannot be imported");
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
        model.addAttribute("formats", java.util.Arrays.stream(Format.values()).filter(Format::importable).toList());
        model.addAttribute("format", format);
        model.addAttribute("content", content);
        model.addAttribute("upstreamHost", upstreamHost);
        return "exports/import";
    }
}
