package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import io.registryconsole.web.PageController;

/**
 * "Exports" of an environment: one tab per format with its files, copy and download buttons, warnings, and for each
 * file how it differs from its last download. Formats with credentials are shown to ADMINs only and only on request
 * ({@code reveal}), because each showing is audited. Below, the push form: CI lines that push an image to every
 * PRIMARY registry.
 */
@Controller
@PageController
@RequestMapping("/environments/{id}/exports")
class ExportPageController {

    private final ExportRequestMapper exports;
    private final EnvironmentService environments;
    private final EnvironmentExportMapper mapper;
    private final ExportService service;
    private final io.registryconsole.registry.RegistryService registries;

    ExportPageController(ExportRequestMapper exports, EnvironmentService environments, EnvironmentExportMapper mapper,
                         ExportService service, io.registryconsole.registry.RegistryService registries) {
        this.exports = exports;
        this.environments = environments;
        this.mapper = mapper;
        this.service = service;
        this.registries = registries;
    }

    @GetMapping
    String page(@PathVariable long id, @RequestParam(defaultValue = "docker-daemon") String format,
                @RequestParam(defaultValue = "false") boolean reveal, @ModelAttribute("options") ExportOptionsForm options,
                @ModelAttribute("push") PushForm push, HttpServletRequest request, Model model) {
        Format chosen = ExportRequestMapper.format(format);
        boolean admin = request.isUserInRole("ADMIN");
        model.addAttribute("environment", environments.get(id));
        model.addAttribute("formats", Arrays.asList(Format.values()));
        model.addAttribute("format", chosen);
        model.addAttribute("admin", admin);
        model.addAttribute("query", request.getQueryString() == null ? "" : request.getQueryString());
        if (!chosen.mayHoldSecrets() || (admin && reveal)) {
            try {
                ExportRequestMapper.Rendering rendering = exports.renderBoth(id, chosen, options, admin);
                model.addAttribute("result", rendering.exact());
                Map<String, ExportDiffs.FileDiff> diffs = new LinkedHashMap<>();
                exports.diff(id, chosen, rendering).forEach(d -> diffs.put(d.name(), d));
                model.addAttribute("diffs", diffs);
                model.addAttribute("gone", diffs.values().stream()
                    .filter(d -> d.status() == ExportDiffs.Status.NO_LONGER_GENERATED).toList());
            } catch (InvalidInputException e) {
                model.addAttribute("problems", e.problems());
            }
        }
        if (push.image() != null) {
            pushLines(id, push, options, model);
        }
        return "exports/page";
    }

    /** The CI lines for the push form; a bad image or source gets its message beside the field. */
    private void pushLines(long id, PushForm push, ExportOptionsForm options, Model model) {
        Map<String, String> errors = new LinkedHashMap<>();
        String source = push.source() == null || push.source().isBlank() ? null : push.source().strip();
        try {
            ExportEnvironment environment = mapper.withLoginNames(id);
            PushLines.Result lines = service.pushLines(environment, push.image(), source,
                ExportRequestMapper.options(options));
            if (source == null) {
                model.addAttribute("pushRunHere", runHere(environment, push.image().strip()));
            }
            model.addAttribute("pushLines", lines);
            model.addAttribute("pushScript", "skopeo".equals(push.tool()) ? lines.skopeo() : lines.docker());
        } catch (InvalidExportOptionException e) {
            errors.put(e.field(), e.getMessage().substring(e.field().length() + 2));
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> errors.put(p.field(), p.message()));
        }
        model.addAttribute("pushErrors", errors);
    }

    /**
     * "Run it here": the same copy from the first PRIMARY registry to each other one as a replication of the console,
     * one link per target to the replication form, prefilled (dry run ticked) with the repository and exactly that tag.
     */
    private Map<String, String> runHere(ExportEnvironment environment, String image) {
        Map<String, String> links = new LinkedHashMap<>();
        List<ExportBinding> primaries = environment.primaries();
        // the repository and tag the push lines use: a registry part of the image (ci.example.com/team/app) is not a
        // repository of the source registry
        Map.Entry<String, String> pushed = PushLines.repositoryAndTag(image);
        if (pushed == null) {
            return links;
        }
        String repository = pushed.getKey();
        String tag = pushed.getValue();
        Map<String, Long> ids = new LinkedHashMap<>();
        registries.allSummaries().forEach(r -> ids.put(r.name(), r.id()));
        if (primaries.size() < 2 || !ids.containsKey(primaries.get(0).registryName())) {
            return links;
        }
        long source = ids.get(primaries.get(0).registryName());
        for (ExportBinding target : primaries.subList(1, primaries.size())) {
            Long targetId = ids.get(target.registryName());
            if (targetId != null) {
                links.put(target.registryName(), org.springframework.web.util.UriComponentsBuilder.fromPath("/replications")
                    .queryParam("sourceRegistryId", source).queryParam("targetRegistryId", targetId)
                    .queryParam("repositories", repository).queryParam("tags", "^" + tag.replace(".", "\\.") + "$")
                    .encode().build().toUriString() + "#new-replication");
            }
        }
        return links;
    }

    /**
     * The push form: {@code tool} is docker (tag/push) or skopeo (copy); {@code source} only for skopeo.
     */
    record PushForm(String image, String tool, String source) {
    }

    @GetMapping("/{format}/file")
    ResponseEntity<String> file(@PathVariable long id, @PathVariable String format, @RequestParam String name,
                                @ModelAttribute ExportOptionsForm options, HttpServletRequest request) {
        ExportFile file = exports.download(id, ExportRequestMapper.format(format), options, request.isUserInRole("ADMIN"),
            name, request.getUserPrincipal().getName());
        return ResponseEntity.ok().contentType(ExportApiController.textType(file.mediaType()))
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(file.name().replace('/', '_'), StandardCharsets.UTF_8).build().toString())
            .body(file.content());
    }

    /** Every format as a zip; for non-admins without the formats that hold credentials. */
    @GetMapping("/zip")
    ResponseEntity<byte[]> zip(@PathVariable long id, @ModelAttribute ExportOptionsForm options, HttpServletRequest request) {
        ExportRequestMapper.Zip zip = exports.zip(id, options, request.isUserInRole("ADMIN"),
            request.getUserPrincipal().getName());
        return ResponseEntity.ok().contentType(ExportApiController.ZIP)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(zip.fileName(), StandardCharsets.UTF_8).build().toString())
            .body(zip.bytes());
    }
}
