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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.registryconsole.distribution.Category;

/** Replications and their per-image results (plain SQL over JdbcClient: two flat tables, no object graph). */
@Repository
class ReplicationStore {

    /** What a replication was asked to do, as stored. */
    record Spec(long sourceRegistryId, String sourceName, long targetRegistryId, String targetName, List<String> repositories,
                String tags, String targetPrefix, String platforms, boolean withReferrers, boolean dryRun, Long ruleId,
                String requestedBy) {
    }

    /** The counters of a finished replication. */
    record Totals(long bytesCopied, int blobsCopied, int blobsMounted, int blobsPresent) {
    }

    private static final String INSERT_IMAGE = "insert into replication_image (replication_id, repository, tag, target_repository, digest,"
        + " referrer_of, outcome, bytes_copied, finished_at, failure_category, failure_message, failure_remediation)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    ReplicationStore(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    long insert(Spec spec, String instance, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into replication (status, source_registry_id, source_name, target_registry_id, target_name, repositories,"
                + " tag_pattern, target_prefix, platforms, with_referrers, dry_run, rule_id, requested_by, created_at, bytes_copied,"
                + " blobs_copied, blobs_mounted, blobs_present, instance_id, heartbeat_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)")
            .params(ReplicationStatus.QUEUED.name(), spec.sourceRegistryId(), spec.sourceName(), spec.targetRegistryId(), spec.targetName(),
                String.join("\n", spec.repositories()), spec.tags(), spec.targetPrefix(), spec.platforms(), spec.withReferrers(),
                spec.dryRun(), spec.ruleId(), spec.requestedBy(), ts(now), instance, ts(now))
            .update(keys, "id");
        return keys.getKey().longValue();
    }

    boolean markRunning(long id, Instant now) {
        return jdbc.sql("update replication set status = 'RUNNING', started_at = ? where id = ? and status = 'QUEUED'")
            .params(ts(now), id).update() == 1;
    }

    /** Several images' results in one JDBC batch (a re-sync finds a hundred images up to date in a few milliseconds). */
    void addImages(long id, List<ReplicationView.Image> images, Instant now) {
        batches.batchUpdate(INSERT_IMAGE, images.stream().map(image -> {
            ReplicationView.Failure f = image.failure();
            return new Object[] {id, image.repository(), image.tag(), image.targetRepository(), image.digest(), image.referrerOf(),
                image.outcome().name(), image.bytesCopied(), ts(now), f == null ? null : f.category().name(),
                f == null ? null : cut(f.message()), f == null ? null : cut(f.remediation())};
        }).toList());
    }

    void finish(long id, ReplicationStatus status, Totals totals, ReplicationView.Failure failure, Instant now) {
        jdbc.sql("update replication set status = ?, finished_at = ?, duration_ms = ?, bytes_copied = ?, blobs_copied = ?,"
                + " blobs_mounted = ?, blobs_present = ?, failure_category = ?, failure_message = ?, failure_remediation = ?"
                + " where id = ? and status in ('QUEUED', 'RUNNING')")
            .params(status.name(), ts(now), null, totals.bytesCopied(), totals.blobsCopied(), totals.blobsMounted(),
                totals.blobsPresent(), failure == null ? null : failure.category().name(), failure == null ? null : cut(failure.message()),
                failure == null ? null : cut(failure.remediation()), id)
            .update();
        jdbc.sql("update replication set duration_ms = ? where id = ?")
            .params(find(id).map(v -> Duration.between(v.startedAt() != null ? v.startedAt() : v.createdAt(), now).toMillis()).orElse(0L), id)
            .update();
    }

    Optional<ReplicationView> find(long id) {
        return jdbc.sql("select * from replication where id = ?").param(id).query((rs, n) -> view(rs)).optional();
    }

    List<ReplicationView> page(int offset, int size) {
        return jdbc.sql("select * from replication order by created_at desc, id desc offset ? rows fetch next ? rows only")
            .params(offset, size).query((rs, n) -> view(rs)).list();
    }

    long count() {
        return jdbc.sql("select count(*) from replication").query(Long.class).single();
    }

    /** Marks this instance's queued and running replications as alive. */
    int heartbeat(String instance, Instant now) {
        return jdbc.sql("update replication set heartbeat_at = ? where instance_id = ? and status in ('QUEUED', 'RUNNING')")
            .params(ts(now), instance).update();
    }

    /**
     * Closes the queued and running replications whose instance has not marked them since {@code staleBefore} (it
     * stopped without finishing them): FAILED with category CANCELLED and a message that says so.
     *
     * @return their ids
     */
    List<Long> abandonStale(Instant staleBefore, Instant now) {
        List<Long> stale = jdbc.sql("select id from replication where status in ('QUEUED', 'RUNNING')"
                + " and (heartbeat_at is null or heartbeat_at < ?)").param(ts(staleBefore)).query(Long.class).list();
        return stale.stream().filter(id -> close(id, "and (heartbeat_at is null or heartbeat_at < ?)", ts(staleBefore),
            "the console instance that ran this replication stopped before it finished", now)).toList();
    }

    /** Closes this instance's queued and running replications as it shuts down. */
    List<Long> interruptAll(String instance, Instant now) {
        List<Long> open = jdbc.sql("select id from replication where status in ('QUEUED', 'RUNNING') and instance_id = ?")
            .param(instance).query(Long.class).list();
        return open.stream().filter(id -> close(id, "and instance_id = ?", instance, INTERRUPTED_MESSAGE, now)).toList();
    }

    static final String INTERRUPTED_MESSAGE = "interrupted: the console was stopped while this replication was queued or running";

    private boolean close(long id, String condition, Object value, String message, Instant now) {
        return jdbc.sql("update replication set status = 'FAILED', finished_at = ?, failure_category = 'CANCELLED', failure_message = ?,"
                + " failure_remediation = ? where id = ? and status in ('QUEUED', 'RUNNING') " + condition)
            .params(ts(now), message, "Start it again; images already copied are found UP_TO_DATE and not sent twice.", id, value)
            .update() == 1;
    }

    private ReplicationView view(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        List<ReplicationView.Image> images = jdbc.sql("select * from replication_image where replication_id = ? order by id")
            .param(id).query((r, n) -> new ReplicationView.Image(r.getString("repository"), r.getString("tag"),
                r.getString("target_repository"), r.getString("digest"), r.getString("referrer_of"),
                ImageOutcome.valueOf(r.getString("outcome")), r.getLong("bytes_copied"), failure(r))).list();
        long ruleId = rs.getLong("rule_id");
        Long rule = rs.wasNull() ? null : ruleId;
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        return new ReplicationView(id, ReplicationStatus.valueOf(rs.getString("status")), rs.getLong("source_registry_id"),
            rs.getString("source_name"), rs.getLong("target_registry_id"), rs.getString("target_name"),
            Arrays.asList(rs.getString("repositories").split("\n")), rs.getString("tag_pattern"), rs.getString("target_prefix"),
            rs.getString("platforms"), rs.getBoolean("with_referrers"), rs.getBoolean("dry_run"), rule, rs.getString("requested_by"),
            instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"), durationMs, rs.getLong("bytes_copied"),
            rs.getInt("blobs_copied"), rs.getInt("blobs_mounted"), rs.getInt("blobs_present"), images, failure(rs));
    }

    private static ReplicationView.Failure failure(ResultSet rs) throws SQLException {
        String category = rs.getString("failure_category");
        return category == null ? null
            : new ReplicationView.Failure(Category.valueOf(category), rs.getString("failure_message"), rs.getString("failure_remediation"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i.truncatedTo(ChronoUnit.MICROS));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3999) + "…";
    }
}
