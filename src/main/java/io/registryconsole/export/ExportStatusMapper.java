package io.registryconsole.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maps an environment's exports and their last downloads to one status per format: has the export changed since it
 * was last downloaded? Compares redacted renderings with the default options, from the environment with login names
 * only ({@link EnvironmentExportMapper#withLoginNames}): nothing is decrypted, so nothing is audited, and a changed
 * password alone does not show here (the Exports page, for an admin, tells that too).
 */
@Component
public class ExportStatusMapper {

    /** Where a format stands against its last download. */
    public enum Status { NOT_DOWNLOADED, UNCHANGED, CHANGED, NOT_AVAILABLE }

    /**
     * @param changedFiles files that differ from their last download, or were downloaded and are no longer generated
     * @param lastDownloadedAt the newest download of any of its files; null when never downloaded
     * @param problem why the format cannot be rendered for this environment (NOT_AVAILABLE), else null
     */
    public record FormatStatus(String format, boolean mayHoldSecrets, Status status, List<String> changedFiles,
                               Instant lastDownloadedAt, String lastDownloadedBy, String problem) {
    }

    private final EnvironmentExportMapper environments;
    private final ExportService exports;
    private final ExportDownloadRepository downloads;

    ExportStatusMapper(EnvironmentExportMapper environments, ExportService exports, ExportDownloadRepository downloads) {
        this.environments = environments;
        this.exports = exports;
        this.downloads = downloads;
    }

    @Transactional(readOnly = true)
    public List<FormatStatus> statuses(long environmentId) {
        ExportEnvironment environment = ExportDiffs.redacted(environments.withLoginNames(environmentId));
        ExportOptions defaults = ExportRequestMapper.options(null);
        List<FormatStatus> statuses = new ArrayList<>();
        for (Format format : Format.values()) {
            List<ExportDiffs.LastDownload> last = downloads.last(environmentId, format);
            ExportDiffs.LastDownload newest = last.stream().max(Comparator.comparing(ExportDiffs.LastDownload::downloadedAt))
                .orElse(null);
            Instant at = newest == null ? null : newest.downloadedAt();
            String by = newest == null ? null : newest.downloadedBy();
            ExportResult current;
            try {
                current = exports.render(format, environment, defaults);
            } catch (IllegalArgumentException e) {
                statuses.add(new FormatStatus(format.id(), format.mayHoldSecrets(), Status.NOT_AVAILABLE, List.of(), at, by,
                    e.getMessage()));
                continue;
            }
            if (last.isEmpty()) {
                statuses.add(new FormatStatus(format.id(), format.mayHoldSecrets(), Status.NOT_DOWNLOADED, List.of(), null, null, null));
                continue;
            }
            Map<String, String> before = new LinkedHashMap<>();
            last.forEach(l -> before.put(l.name(), l.redacted()));
            List<String> changed = new ArrayList<>();
            for (ExportFile file : current.files()) {
                String old = before.remove(file.name());
                if (old != null && !old.equals(file.content())) {
                    changed.add(file.name());
                }
            }
            changed.addAll(before.keySet());
            statuses.add(new FormatStatus(format.id(), format.mayHoldSecrets(), changed.isEmpty() ? Status.UNCHANGED : Status.CHANGED,
                changed, at, by, null));
        }
        return statuses;
    }
}
