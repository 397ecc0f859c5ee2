package io.registryconsole.export;

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

    ExportRequestMapper(EnvironmentExportMapper mapper, ExportService exports) {
        this.mapper = mapper;
        this.exports = exports;
    }

    static Format format(String id) {
        try {
            return Format.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("export format", id + " (one of docker-daemon, docker-config, containerd-hosts, "
                + "registries-conf, k3s-registries, k8s-secret, nginx-proxy)");
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
        ExportOptions options = options(form);
        if (format.mayHoldSecrets() && !admin) {
            throw new AccessDeniedException(format.id() + " holds credentials: ADMIN only");
        }
        ExportEnvironment environment = format.mayHoldSecrets()
            ? mapper.withCredentials(environmentId, format.id()) : mapper.withoutCredentials(environmentId);
        try {
            return exports.render(format, environment, options);
        } catch (InvalidExportOptionException e) {
            throw new InvalidInputException(e.field(), e.getMessage().substring(e.field().length() + 2));
        } catch (IllegalArgumentException e) {
            // e.g. an nginx proxy for an environment without registries: the renderer says why
            throw new InvalidInputException("format", e.getMessage());
        }
    }

    /** @param withCredentials true only for ADMINs: then the formats with logins are included (and audited) */
    Zip zip(long environmentId, ExportOptionsForm form, boolean withCredentials) {
        ExportOptions options = options(form);
        ExportEnvironment environment = withCredentials ? mapper.withCredentials(environmentId, "zip")
            : mapper.withoutCredentials(environmentId);
        return new Zip("registry-config-" + environment.name() + ".zip",
            exports.renderAll(environment, options, withCredentials));
    }

    record Zip(String fileName, byte[] bytes) {
    }
}
