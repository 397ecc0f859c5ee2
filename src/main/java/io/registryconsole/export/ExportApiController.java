package io.registryconsole.export;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.registryconsole.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/v1/environments/{id}/exports/{format}}: the client configuration files of an environment. Formats
 * that hold credentials need ADMIN (URL rule in account/ExportAccess, checked here again) and are audited.
 */
@RestController
@RequestMapping("/api/v1/environments/{id}/exports")
@Tag(name = "Exports", description = "Client configuration generated from an environment")
class ExportApiController {

    static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final ExportRequestMapper exports;

    ExportApiController(ExportRequestMapper exports) {
        this.exports = exports;
    }

    @GetMapping("/{format}")
    @Operation(summary = "Export one format",
        description = """
            Without `file`: JSON with every file of the format (`path`, `installPath`, `mediaType`, `content`) and the \
            warnings. With `file=<path>`: that one file as text, with its media type. With `download=zip`: every \
            format in one zip (ADMIN). docker-config, k3s-registries and k8s-secret hold credentials: ADMIN only, \
            and each such export is written to the audit trail (format and environment, never the content).""")
    @ApiResponse(responseCode = "200", description = "the export", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ExportView.class)),
        @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")),
        @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary"))})
    ResponseEntity<?> export(@PathVariable long id,
                             @Parameter(description = "docker-daemon, docker-config, containerd-hosts, registries-conf, "
                                 + "k3s-registries, k8s-secret or nginx-proxy") @PathVariable String format,
                             @Parameter(description = "one file of the export, by its path, e.g. docker.io/hosts.toml")
                             @RequestParam(required = false) String file,
                             @Parameter(description = "zip: every format in one archive") @RequestParam(required = false)
                             String download,
                             @ParameterObject ExportOptionsForm options, HttpServletRequest request) {
        boolean admin = request.isUserInRole("ADMIN");
        if ("zip".equalsIgnoreCase(download)) {
            return zip(id, options, admin, request);
        }
        if (download != null) {
            throw new InvalidInputException("download", "only 'zip' is supported");
        }
        if (file == null) {
            ExportResult result = exports.render(id, ExportRequestMapper.format(format), options, admin);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ExportView.of(result));
        }
        // one file is a download: remembered for the diff against the last download
        ExportFile chosen = exports.download(id, ExportRequestMapper.format(format), options, admin, file,
            request.getUserPrincipal().getName());
        return ResponseEntity.ok().contentType(textType(chosen.mediaType()))
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                .filename(chosen.name().replace('/', '_'), StandardCharsets.UTF_8).build().toString())
            .body(chosen.content());
    }

    @GetMapping("/{format}/diff")
    @Operation(summary = "Compare a format with its last download",
        description = """
            For each file of the format as it would be generated now: `NOT_DOWNLOADED`, `UNCHANGED` or `CHANGED` since \
            its last download (one file, `?file=`, or a zip), when and by whom that was, and a unified diff \
            (last download -> now). Files downloaded before that the format no longer generates are \
            `NO_LONGER_GENERATED`. Diffs compare redacted renderings: passwords and tokens appear as `REDACTED`, never \
            in clear; `loginChanged` tells that only a login changed. Same options and access as the export itself: \
            docker-config, k3s-registries and k8s-secret need ADMIN and are audited.""")
    @ApiResponse(responseCode = "200", description = "the comparison",
        content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DiffView.class)))
    @ApiResponse(responseCode = "403", description = "the format holds credentials and the caller is no ADMIN",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    DiffView diff(@PathVariable long id, @PathVariable String format, @ParameterObject ExportOptionsForm options,
                  HttpServletRequest request) {
        Format chosen = ExportRequestMapper.format(format);
        ExportRequestMapper.Rendering rendering = exports.renderBoth(id, chosen, options, request.isUserInRole("ADMIN"));
        return new DiffView(chosen.id(), exports.diff(id, chosen, rendering).stream().map(FileDiffView::of).toList());
    }

    @GetMapping
    @Operation(summary = "Every format in one zip", description = "`download=zip` is required; ADMIN; audited when it holds credentials")
    ResponseEntity<byte[]> all(@PathVariable long id, @RequestParam String download,
                               @ParameterObject ExportOptionsForm options, HttpServletRequest request) {
        if (!"zip".equalsIgnoreCase(download)) {
            throw new InvalidInputException("download", "only 'zip' is supported");
        }
        return zip(id, options, request.isUserInRole("ADMIN"), request);
    }

    private ResponseEntity<byte[]> zip(long id, ExportOptionsForm options, boolean admin, HttpServletRequest request) {
        if (!admin) {
            throw new AccessDeniedException("the zip of all formats needs ADMIN");
        }
        ExportRequestMapper.Zip zip = exports.zip(id, options, true, request.getUserPrincipal().getName());
        return ResponseEntity.ok().contentType(ZIP)
            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(zip.fileName(), StandardCharsets.UTF_8).build().toString())
            .body(zip.bytes());
    }

    static MediaType textType(String mediaType) {
        MediaType type = mediaType == null ? MediaType.TEXT_PLAIN : MediaType.parseMediaType(mediaType);
        return new MediaType(type, StandardCharsets.UTF_8);
    }

    /** One format's files and warnings. */
    @Schema(name = "Export")
    record ExportView(String format, boolean holdsSecrets, List<FileView> files, List<String> warnings) {

        static ExportView of(ExportResult result) {
            return new ExportView(result.format().id(), result.holdsSecrets(),
                result.files().stream().map(f -> new FileView(f.name(), f.installPath(), f.mediaType(), f.content())).toList(),
                result.warnings());
        }
    }

    @Schema(name = "ExportDiff")
    record DiffView(String format, List<FileDiffView> files) {
    }

    @Schema(name = "ExportFileDiff")
    record FileDiffView(@Schema(description = "path inside the export") String path,
                        @Schema(description = "NOT_DOWNLOADED, UNCHANGED, CHANGED or NO_LONGER_GENERATED") String status,
                        @Schema(description = "when the file was last downloaded; null if never") Instant downloadedAt,
                        @Schema(description = "who downloaded it") String downloadedBy,
                        @Schema(description = "a password or token changed (never shown)") boolean loginChanged,
                        @Schema(description = "unified diff, last download -> now, secrets redacted; empty when none")
                        String diff) {

        static FileDiffView of(ExportDiffs.FileDiff d) {
            return new FileDiffView(d.name(), d.status().name(), d.downloadedAt(), d.downloadedBy(), d.loginChanged(),
                d.unifiedDiff());
        }
    }

    @Schema(name = "ExportFile")
    record FileView(@Schema(description = "path inside the export and the zip") String path,
                    @Schema(description = "where it belongs on a node, or how to merge it") String installPath,
                    String mediaType, String content) {
    }
}
