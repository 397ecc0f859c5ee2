package io.registryconsole.export;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;

/**
 * Maps an export request (environment, format, options, is the caller ADMIN) to rendered files: what the export API
 * and the exports page share. Formats that may hold credentials are refused to non-admins here as well as by the
 * URL rules, because a page URL and an API URL lead to the same secrets.
 */
@Component
class ExportRequestMapper {

    private final EnvironmentExportMapper mapper;
    private final ExportService exports;
    private final ExportDownloadRepository downloads;

    ExportRequestMapper(EnvironmentExportMapper mapper, ExportService exports, ExportDownloadRepository downloads) {
        this.mapper = mapper;
        this.exports = exports;
        this.downloads = downloads;
    }

    static Format format(String id) {
        try {
            return Format.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("export format", id + " (one of docker-daemon, docker-config, containerd-hosts, "
                + "registries-conf, k3s-registries, k8s-secret, nginx-proxy, "
                + "containers-policy, registries-d, proxy-drop-ins)");
        }
    }

    static ExportOptions options(ExportOptionsForm form) {
        try {
            return (form == null ? new ExportOptionsForm(null, null, null, null, null, null, null, null, null) : form)
                .toOptions();
        } catch (InvalidExportOptionException e) {
            throw new InvalidInputException(e.field(), e.getMessage().substring(e.field().length() + 2));
        }
    }

    /** @throws AccessDeniedException when the format may hold credentials and the caller is no ADMIN */
    ExportResult render(long environmentId, Format format, ExportOptionsForm form, boolean admin) {
        return renderBoth(environmentId, format, form, admin).exact();
    }

    /**
     * The exact rendering and the redacted one (secrets replaced by a placeholder), from one read of the environment:
     * one audit entry when logins are decrypted.
     *
     * @throws AccessDeniedException when the format may hold credentials and the caller is no ADMIN
     */
    Rendering renderBoth(long environmentId, Format format, ExportOptionsForm form, boolean admin) {
        ExportOptions options = options(form);
        if (format.mayHoldSecrets() && !admin) {
            throw new AccessDeniedException(format.id() + " holds credentials: ADMIN only");
        }
        ExportEnvironment environment = format.mayHoldSecrets()
            ? mapper.withCredentials(environmentId, format.id()) : mapper.withoutCredentials(environmentId);
        ExportResult exact = render(format, environment, options);
        return new Rendering(exact, environment.hasCredentials()
            ? render(format, ExportDiffs.redacted(environment), options) : exact);
    }

    /** One file to download; remembered (redacted, and the exact one encrypted) as that file's last download. */
    ExportFile download(long environmentId, Format format, ExportOptionsForm form, boolean admin, String fileName,
                        String user) {
        Rendering rendering = renderBoth(environmentId, format, form, admin);
        ExportFile file = rendering.exact().files().stream().filter(f -> f.name().equals(fileName)).findFirst()
            .orElseThrow(() -> new NotFoundException("file in the " + format.id() + " export named", fileName));
        downloads.record(environmentId, format, ExportDiffs.downloaded(rendering.exact(), rendering.redacted()).stream()
            .filter(d -> d.name().equals(fileName)).toList(), user, Instant.now().truncatedTo(ChronoUnit.SECONDS), false);
        return file;
    }

    /** Each file of the rendering against its last download; diffs only of redacted forms. */
    List<ExportDiffs.FileDiff> diff(long environmentId, Format format, Rendering rendering) {
        return ExportDiffs.compare(ExportDiffs.downloaded(rendering.exact(), rendering.redacted()),
            downloads.last(environmentId, format));
    }

    /**
     * Every format as a zip, remembered as the last download of each file in it.
     *
     * @param withCredentials true only for ADMINs: then the formats with logins are included (and audited)
     */
    Zip zip(long environmentId, ExportOptionsForm form, boolean withCredentials, String user) {
        ExportOptions options = options(form);
        ExportEnvironment environment = withCredentials ? mapper.withCredentials(environmentId, "zip")
            : mapper.withoutCredentials(environmentId);
        byte[] bytes = exports.renderAll(environment, options, withCredentials);
        ExportEnvironment redacted = ExportDiffs.redacted(environment);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (Format format : Format.values()) {
            if (format == Format.NGINX_PROXY && environment.bindings().isEmpty()
                    || format == Format.PROXY_DROP_INS && environment.proxy() == null) {
                continue;
            }
            ExportResult exact = render(format, environment, options);
            if (format.mayHoldSecrets() && !withCredentials) {
                // left out of the zip (renderAll) or in it without the logins: either way not the file the nodes
                // use, so the record of the last real download (an admin's) stays as it is
                continue;
            }
            downloads.record(environmentId, format,
                ExportDiffs.downloaded(exact, render(format, redacted, options)), user, now, true);
        }
        return new Zip("registry-config-" + environment.name() + ".zip", bytes);
    }

    private ExportResult render(Format format, ExportEnvironment environment, ExportOptions options) {
        try {
            return exports.render(format, environment, options);
        } catch (InvalidExportOptionException e) {
            throw new InvalidInputException(e.field(), e.getMessage().substring(e.field().length() + 2));
        } catch (IllegalArgumentException e) {
            // e.g. an nginx proxy for an environment without registries: the renderer says why
            throw new InvalidInputException("format", e.getMessage());
        }
    }

    record Rendering(ExportResult exact, ExportResult redacted) {
    }

    record Zip(String fileName, byte[] bytes) {
    }
}
