package io.registryconsole.export;

import java.util.List;

/**
 * What the audit trail records about an export that held credentials: the format and which registries' logins
 * went out. Never the content.
 *
 * @param format               a format id, or {@code zip} for all formats
 * @param registriesWithLogins names of the registries whose credentials the export contained
 * @param proxyPassword        whether the environment's proxy password went out (proxy drop-ins)
 */
public record ExportAudit(String format, List<String> registriesWithLogins, boolean proxyPassword) {

    public ExportAudit(String format, List<String> registriesWithLogins) {
        this(format, registriesWithLogins, false);
    }
}
