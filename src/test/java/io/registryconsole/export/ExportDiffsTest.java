package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Comparison with the last download: statuses, the unified diff, and that redaction covers every renderer. */
class ExportDiffsTest {

    private static final Instant AT = Instant.parse("2026-11-28T03:00:00Z");

    @Test
    void statusesAndAUnifiedDiffAsDiffUWritesIt() {
        List<ExportDiffs.Downloaded> now = List.of(new ExportDiffs.Downloaded("a.toml", "x\ny\nz\n", "x\ny\nz\n"),
                new ExportDiffs.Downloaded("b.toml", "one\n", "one\n"),
                new ExportDiffs.Downloaded("new.toml", "n\n", "n\n"));
        List<ExportDiffs.LastDownload> last = List.of(new ExportDiffs.LastDownload("a.toml", "x\nY\nz\n", "x\nY\nz\n", AT, "root"),
                new ExportDiffs.LastDownload("b.toml", "one\n", "one\n", AT, "vera"),
                new ExportDiffs.LastDownload("old.toml", "o\n", "o\n", AT, "root"));

        List<ExportDiffs.FileDiff> diffs = ExportDiffs.compare(now, last);

        assertThat(diffs).extracting(ExportDiffs.FileDiff::name, ExportDiffs.FileDiff::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.toml", ExportDiffs.Status.CHANGED),
                org.assertj.core.groups.Tuple.tuple("b.toml", ExportDiffs.Status.UNCHANGED),
                org.assertj.core.groups.Tuple.tuple("new.toml", ExportDiffs.Status.NOT_DOWNLOADED),
                org.assertj.core.groups.Tuple.tuple("old.toml", ExportDiffs.Status.NO_LONGER_GENERATED));
        assertThat(diffs.get(0).unifiedDiff()).isEqualTo("""
                --- last-download/a.toml
                +++ current/a.toml
                @@ -1,3 +1,3 @@
                 x
                -Y
                +y
                 z
                """);
        assertThat(diffs.get(1).downloadedBy()).isEqualTo("vera");
        assertThat(diffs.get(3).unifiedDiff()).contains("-o");
    }

    @Test
    void aChangedLoginIsReportedWithoutADiff() {
        List<ExportDiffs.FileDiff> diffs = ExportDiffs.compare(
                List.of(new ExportDiffs.Downloaded("config.json", "auth REDACTED", "auth new-secret")),
                List.of(new ExportDiffs.LastDownload("config.json", "auth REDACTED", "auth old-secret", AT, "root")));

        assertThat(diffs.get(0).status()).isEqualTo(ExportDiffs.Status.CHANGED);
        assertThat(diffs.get(0).loginChanged()).isTrue();
        assertThat(diffs.get(0).unifiedDiff()).isEmpty();
    }

    @Test
    void noRendererLetsASecretThroughTheRedactedEnvironment() {
        // with a proxy whose password is the fixture's, so the proxy drop-ins are checked too
        ExportEnvironment sample = ExportFixtures.sample().withProxy(
                new ExportProxy("http://proxy.corp:3128", null, null, "node", ExportFixtures.PASSWORD));
        ExportEnvironment redacted = ExportDiffs.redacted(sample);
        ExportService service = new ExportService();
        for (Format format : Format.values()) {
            ExportResult exact = service.render(format, sample, ExportOptions.defaults());
            ExportResult safe = service.render(format, redacted, ExportOptions.defaults());
            String text = String.join("\n", safe.files().stream().map(ExportFile::content).toList());
            assertThat(text).as(format.id()).doesNotContain(ExportFixtures.PASSWORD).doesNotContain(ExportFixtures.HUB_PASSWORD);
            assertThat(ExportDiffs.downloaded(exact, safe)).extracting(ExportDiffs.Downloaded::name)
                    .containsExactlyElementsOf(exact.files().stream().map(ExportFile::name).toList());
            if (exact.holdsSecrets()) {
                // the logins are still there, only their secrets differ: a changed user name shows in the diff
                assertThat(safe.files()).as(format.id()).isNotEqualTo(exact.files());
                assertThat(safe.holdsSecrets()).as(format.id()).isTrue();
            }
        }
    }
}
