package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.web.PageController;

/**
 * "Exports" of an environment: one tab per format with its files, copy and download buttons, warnings. Formats
 * with credentials are shown to ADMINs only and only on request ({@code reveal}), because each showing is audited.
 */
@Controller
@PageController
@RequestMapping("/environments/{id}/exports")
class ExportPageController {

    private final ExportRequestMapper exports;
    private final EnvironmentService environments;

    ExportPageController(ExportRequestMapper exports, EnvironmentService environments) {
        this.exports = exports;
        this.environments = environments;
    }

    @GetMapping
    String page(@PathVariable long id, @RequestParam(defaultValue = "docker-daemon") String format,
                @RequestParam(defaultValue = "false") boolean reveal, @ModelAttribute("options") ExportOptionsForm options,
                HttpServletRequest request, Model model) {
        Format chosen = ExportRequestMapper.format(format);
        boolean admin = request.isUserInRole("ADMIN");
        model.addAttribute("environment", environments.get(id));
        model.addAttribute("formats", Arrays.asList(Format.values()));
        model.addAttribute("format", chosen);
        model.addAttribute("admin", admin);
        model.addAttribute("query", request.getQueryString() == null ? "" : request.getQueryString());
        if (!chosen.mayHoldSecrets() || (admin && reveal)) {
            try {
                model.addAttribute("result", exports.render(id, chosen, options, admin));
            } catch (InvalidInputException e) {
                model.addAttribute("problems", e.problems());
            }
        }
        return "exports/page";
    }

    @GetMapping("/{format}/file")
    ResponseEntity<String> file(@PathVariable long id, @PathVariable String format, @RequestParam String name,
                                @ModelAttribute ExportOptionsForm options, HttpServletRequest request) {
        ExportResult result = exports.render(id, ExportRequestMapper.format(format), options, request.isUserInRole("ADMIN"));
        ExportFile file = result.files().stream().filter(f -> f.name().equals(name)).findFirst()
            .orElseThrow(() -> new NotFoundException("file in the " + format + " export named", name));
        return ResponseEntity.ok().contentType(ExportApiController.textType(file.mediaType()))
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(file.name().replace('/', '_'), StandardCharsets.UTF_8).build().toString())
            .body(file.content());
    }

    /** Every format as a zip; for non-admins without the formats that hold credentials. */
    @GetMapping("/zip")
    ResponseEntity<byte[]> zip(@PathVariable long id, @ModelAttribute ExportOptionsForm options, HttpServletRequest request) {
        ExportRequestMapper.Zip zip = exports.zip(id, options, request.isUserInRole("ADMIN"));
        return ResponseEntity.ok().contentType(ExportApiController.ZIP)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(zip.fileName(), StandardCharsets.UTF_8).build().toString())
            .body(zip.bytes());
    }
}
