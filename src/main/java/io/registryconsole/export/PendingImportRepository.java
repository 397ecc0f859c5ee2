package io.registryconsole.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.registryconsole.crypto.SecretCipher;
import io.registryconsole.crypto.SecretDecryptionException;

/**
 * Pending imports in table {@code pending_import}: the pasted file only as {@link SecretCipher} ciphertext, since it
 * may hold passwords. Each statement is its own transaction; the delete decides who takes an entry.
 */
@Repository
class PendingImportRepository implements PendingImports.Storage {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    PendingImportRepository(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public void insert(String id, PendingImports.Pending p, Instant expiresAt) {
        jdbc.sql("insert into pending_import (id, environment_id, username, format, content_encrypted, upstream_host, created_at,"
                + " expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
            .params(id, p.environmentId(), p.user(), p.format().id(), cipher.encrypt(p.content()), p.upstreamHost(), utc(p.createdAt()),
                utc(expiresAt))
            .update();
    }

    @Override
    public Optional<PendingImports.Pending> find(String id, Instant now) {
        return jdbc.sql("select environment_id, username, format, content_encrypted, upstream_host, created_at from pending_import"
                + " where id = ? and expires_at > ?")
            .params(id, utc(now))
            .query((rs, n) -> {
                String content;
                try {
                    content = cipher.decrypt(rs.getString("content_encrypted"));
                } catch (SecretDecryptionException e) {
                    return null; // written under a key that is gone: as good as expired
                }
                return new PendingImports.Pending(rs.getLong("environment_id"), rs.getString("username"),
                    Format.fromId(rs.getString("format")), content, rs.getString("upstream_host"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant());
            })
            .optional();
    }

    @Override
    public boolean delete(String id) {
        return jdbc.sql("delete from pending_import where id = ?").param(id).update() == 1;
    }

    @Override
    public void deleteExpired(Instant now) {
        jdbc.sql("delete from pending_import where expires_at <= ?").param(utc(now)).update();
    }

    @Override
    public void keepNewest(int max) {
        jdbc.sql("delete from pending_import where id in (select id from pending_import order by created_at desc, id offset ? rows)")
            .param(max)
            .update();
    }

    @Override
    public int count(Instant now) {
        return jdbc.sql("select count(*) from pending_import where expires_at > ?").param(utc(now)).query(Integer.class).single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
