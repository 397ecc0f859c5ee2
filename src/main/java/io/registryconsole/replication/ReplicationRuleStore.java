package io.registryconsole.replication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Scheduled replication rules (plain SQL over JdbcClient). */
@Repository
class ReplicationRuleStore {

    private final JdbcClient jdbc;

    ReplicationRuleStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean nameTaken(String name) {
        return jdbc.sql("select count(*) from replication_rule where name = ?").param(name).query(Long.class).single() > 0;
    }

    long insert(String name, Duration interval, ReplicationStore.Spec spec, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into replication_rule (name, source_registry_id, target_registry_id, repositories, tag_pattern, target_prefix,"
                + " platforms, with_referrers, dry_run, interval_seconds, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .params(name, spec.sourceRegistryId(), spec.targetRegistryId(), String.join("\n", spec.repositories()), spec.tags(),
                spec.targetPrefix(), spec.platforms(), spec.withReferrers(), spec.dryRun(), interval.toSeconds(), spec.requestedBy(),
                Timestamp.from(now.truncatedTo(ChronoUnit.MICROS)))
            .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<ReplicationRuleView> find(long id) {
        return jdbc.sql("select * from replication_rule where id = ?").param(id).query((rs, n) -> view(rs)).optional();
    }

    List<ReplicationRuleView> all() {
        return jdbc.sql("select * from replication_rule order by name").query((rs, n) -> view(rs)).list();
    }

    boolean delete(long id) {
        return jdbc.sql("delete from replication_rule where id = ?").param(id).update() == 1;
    }

    void ran(long id, long replicationId) {
        jdbc.sql("update replication_rule set last_replication_id = ? where id = ?").params(replicationId, id).update();
    }

    private static ReplicationRuleView view(ResultSet rs) throws SQLException {
        long last = rs.getLong("last_replication_id");
        Long lastId = rs.wasNull() ? null : last;
        return new ReplicationRuleView(rs.getLong("id"), rs.getString("name"), Duration.ofSeconds(rs.getLong("interval_seconds")).toString(),
            rs.getLong("source_registry_id"), rs.getLong("target_registry_id"), Arrays.asList(rs.getString("repositories").split("\n")),
            rs.getString("tag_pattern"), rs.getString("target_prefix"), rs.getString("platforms"), rs.getBoolean("with_referrers"),
            rs.getBoolean("dry_run"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), lastId);
    }
}
