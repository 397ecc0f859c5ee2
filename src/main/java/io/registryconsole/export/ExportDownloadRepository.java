package io.registryconsole.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.crypto.SecretDecryptionException;

/**
 * The last download of each export file (table {@code export_download}). What is stored in clear is the redacted
 * rendering; the exact file, when it holds logins, only as {@link SecretCipher} ciphertext. Timestamps travel as UTC
 * {@link OffsetDateTime}s so neither database driver applies the JVM's time zone.
 */
@Repository
class ExportDownloadRepository {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    ExportDownloadRepository(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * Replaces the last download of each of these files.
     *
     * @param wholeFormat the files are all the format has (a zip): files of it downloaded before and no longer
     *                    generated are forgotten too
     */
    @Transactional
    void record(long environmentId, Format format, List<ExportDiffs.Downloaded> files, String user, Instant at,
                boolean wholeFormat) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        if (wholeFormat) {
            jdbc.sql("delete from export_download where environment_id = ? and format = ?")
                .params(environmentId, format.id()).update();
        }
        for (ExportDiffs.Downloaded file : files) {
            jdbc.sql("delete from export_download where environment_id = ? and format = ? and file_name = ?")
                .params(environmentId, format.id(), file.name()).update();
            String exact = file.exact().equals(file.redacted()) ? null : cipher.encrypt(file.exact());
            jdbc.sql("insert into export_download (environment_id, format, file_name, redacted_content, content_encrypted,"
                    + " downloaded_at, downloaded_by) values (?, ?, ?, ?, ?, ?, ?)")
                .params(environmentId, format.id(), file.name(), file.redacted(), exact, when, abbreviate(user)).update();
        }
    }

    /** The last downloads of a format's files, exact content decrypted (callers show only the redacted one). */
    @Transactional(readOnly = true)
    List<ExportDiffs.LastDownload> last(long environmentId, Format format) {
        return jdbc.sql("select file_name, redacted_content, content_encrypted, downloaded_at, downloaded_by"
                + " from export_download where environment_id = ? and format = ? order by file_name")
            .params(environmentId, format.id())
            .query((rs, n) -> {
                String redacted = rs.getString("redacted_content");
                String encrypted = rs.getString("content_encrypted");
                return new ExportDiffs.LastDownload(rs.getString("file_name"), redacted,
                    encrypted == null ? redacted : decryptOrNull(encrypted),
                    rs.getObject("downloaded_at", OffsetDateTime.class).toInstant(), rs.getString("downloaded_by"));
            })
            .list();
    }

    /** Null when the key it was written with is gone: then only the redacted forms can be compared. */
    private String decryptOrNull(String encrypted) {
        try {
            return cipher.decrypt(encrypted);
        } catch (SecretDecryptionException e) {
            // a download stored under a key this console no longer has: its secrets are not shown, as if redacted
            return null;
        }
    }

    private static String abbreviate(String user) {
        return user.length() <= 100 ? user : user.substring(0, 100);
    }
}
