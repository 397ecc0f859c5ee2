package io.registryconsole.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/**
 * Compares an export with its last download. Diffs are computed on redacted renderings (every password and token
 * replaced by {@link #PLACEHOLDER}), so a diff can never show a secret, not even an old one; the exact files are
 * compared only to tell that a login changed.
 */
public final class ExportDiffs {

    /** What stands for a password or token in a redacted rendering. */
    public static final String PLACEHOLDER = "REDACTED";

    private static final int CONTEXT_LINES = 3;

    private ExportDiffs() {
    }

    /** Where a file stands against its last download. */
    public enum Status { NOT_DOWNLOADED, UNCHANGED, CHANGED, NO_LONGER_GENERATED }

    /**
     * One file compared with its last download.
     *
     * @param loginChanged  the exact files differ where the redacted ones do not: a password or token changed
     * @param unifiedDiff   last download → current, redacted; empty when unchanged or only a login changed
     */
    public record FileDiff(String name, Status status, Instant downloadedAt, String downloadedBy, boolean loginChanged,
                           String unifiedDiff) {
    }

    /** A file being downloaded, redacted and exact. {@link #toString()} leaves the content out. */
    record Downloaded(String name, String redacted, String exact) {
        @Override
        public String toString() {
            return "Downloaded[" + name + "]";
        }
    }

    /**
     * The stored last download of a file.
     *
     * @param exact the exact file as downloaded; null when it can no longer be decrypted
     */
    record LastDownload(String name, String redacted, String exact, Instant downloadedAt, String downloadedBy) {
        @Override
        public String toString() {
            return "LastDownload[" + name + ", " + downloadedAt + ", " + downloadedBy + "]";
        }
    }

    /** The environment with every secret replaced by the placeholder: renders the redacted form of any format. */
    public static ExportEnvironment redacted(ExportEnvironment environment) {
        List<ExportBinding> bindings = environment.bindings().stream()
                .map(b -> b.credential().isEmpty() ? b : b.withCredential(
                        new ExportCredential(b.credential().get().kind(), b.credential().get().username(), PLACEHOLDER)))
                .toList();
        return new ExportEnvironment(environment.name(), environment.platform(), environment.pullPolicy(),
                environment.maxConcurrentDownloads(), bindings, environment.requireSignature(), environment.trustedKeysPem(),
                environment.proxy() == null || !environment.proxy().hasPassword() ? environment.proxy()
                        : environment.proxy().withPassword(PLACEHOLDER));
    }

    /** Pairs the files of the exact and the redacted rendering of one format (same names, same order). */
    static List<Downloaded> downloaded(ExportResult exact, ExportResult redacted) {
        Map<String, String> redactedByName = new LinkedHashMap<>();
        redacted.files().forEach(f -> redactedByName.put(f.name(), f.content()));
        List<Downloaded> files = new ArrayList<>();
        for (ExportFile file : exact.files()) {
            String safe = redactedByName.get(file.name());
            if (safe == null) {
                throw new IllegalStateException("the redacted rendering has no file " + file.name());
            }
            files.add(new Downloaded(file.name(), safe, file.content()));
        }
        return files;
    }

    /** Every current file against its last download, then the downloaded files the export no longer has. */
    static List<FileDiff> compare(List<Downloaded> current, List<LastDownload> last) {
        Map<String, LastDownload> byName = new LinkedHashMap<>();
        last.forEach(l -> byName.put(l.name(), l));
        List<FileDiff> diffs = new ArrayList<>();
        for (Downloaded file : current) {
            LastDownload before = byName.remove(file.name());
            if (before == null) {
                diffs.add(new FileDiff(file.name(), Status.NOT_DOWNLOADED, null, null, false, ""));
                continue;
            }
            boolean redactedSame = before.redacted().equals(file.redacted());
            boolean loginChanged = redactedSame && before.exact() != null && !before.exact().equals(file.exact());
            Status status = redactedSame && !loginChanged ? Status.UNCHANGED : Status.CHANGED;
            diffs.add(new FileDiff(file.name(), status, before.downloadedAt(), before.downloadedBy(), loginChanged,
                    redactedSame ? "" : unified(file.name(), before.redacted(), file.redacted())));
        }
        byName.values().forEach(gone -> diffs.add(new FileDiff(gone.name(), Status.NO_LONGER_GENERATED,
                gone.downloadedAt(), gone.downloadedBy(), false, unified(gone.name(), gone.redacted(), ""))));
        return diffs;
    }

    /** A unified diff with three lines of context, as {@code diff -u} writes it. */
    static String unified(String name, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff("last-download/" + name, "current/" + name, a, patch,
                CONTEXT_LINES);
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private static List<String> lines(String text) {
        Objects.requireNonNull(text, "text");
        return text.isEmpty() ? List.of() : text.lines().toList();
    }
}
