package io.registryconsole.probe;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Probe history, current state and state changes, in plain SQL: an append-only time series needs no entity life cycle.
 * Timestamps travel as UTC {@link OffsetDateTime}s (JDBC 4.2), so neither driver applies the JVM's time zone.
 */
@Repository
@Transactional
class ProbeStore {

    private static final String HEALTH_COLUMNS = "registry_id, up, state_since, probed_at, category, summary, remediation, "
        + "latency_ms, tls_expires_at, ca_expires_at, credential_expires_at";

    private final JdbcClient jdbc;

    ProbeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the probe and updates the registry's current state; a change of state (or the first verdict) is
     * recorded as a state change. Probes of one registry are serialized by the row lock on its state.
     *
     * @return the state change, if this probe made one
     */
    Optional<StateChange> record(long registryId, ProbeOutcome outcome, Instant probedAt, String probedBy) {
        jdbc.sql("""
                insert into probe_result (registry_id, probed_at, up, category, summary, remediation, latency_ms, tls_expires_at,
                    probed_by, clock_offset_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
            .params(registryId, ts(probedAt), outcome.up(), outcome.category(), outcome.summary(), outcome.remediation(),
                outcome.latency().toMillis(), ts(outcome.tlsExpiresAt()), probedBy, outcome.clockOffsetMs())
            .update();
        Optional<Health> previous = jdbc.sql("select " + HEALTH_COLUMNS + " from registry_health where registry_id = ? for update")
            .param(registryId).query(ProbeStore::health).optional();
        boolean changed = previous.isEmpty() || previous.get().up() != outcome.up();
        Instant since = changed ? probedAt : previous.get().stateSince();
        Object[] values = {outcome.up(), ts(since), ts(probedAt), outcome.category(), outcome.summary(),
            outcome.remediation(), outcome.latency().toMillis(), ts(outcome.tlsExpiresAt()), ts(outcome.caExpiresAt()),
            ts(outcome.credentialExpiresAt()), registryId};
        if (previous.isEmpty()) {
            jdbc.sql("insert into registry_health (up, state_since, probed_at, category, summary, remediation, latency_ms, "
                + "tls_expires_at, ca_expires_at, credential_expires_at, registry_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values).update();
        }
        else {
            jdbc.sql("update registry_health set up = ?, state_since = ?, probed_at = ?, category = ?, summary = ?, remediation = ?, "
                + "latency_ms = ?, tls_expires_at = ?, ca_expires_at = ?, credential_expires_at = ? where registry_id = ?")
                .params(values).update();
        }
        if (!changed) {
            return Optional.empty();
        }
        StateChange change = new StateChange(registryId, probedAt,
            previous.map(h -> State.of(h.up())).orElse(State.UNKNOWN), State.of(outcome.up()), outcome.category(),
            outcome.summary(), outcome.remediation());
        jdbc.sql("""
                insert into registry_state_change (registry_id, changed_at, from_state, to_state, category, summary, remediation)
                values (?, ?, ?, ?, ?, ?, ?)""")
            .params(registryId, ts(probedAt), change.from().name(), change.to().name(), change.category(), change.summary(),
                change.remediation())
            .update();
        return Optional.of(change);
    }

    @Transactional(readOnly = true)
    Optional<Health> health(long registryId) {
        return jdbc.sql("select " + HEALTH_COLUMNS + " from registry_health where registry_id = ?").param(registryId)
            .query(ProbeStore::health).optional();
    }

    @Transactional(readOnly = true)
    List<Health> allHealth() {
        return jdbc.sql("select " + HEALTH_COLUMNS + " from registry_health order by registry_id").query(ProbeStore::health).list();
    }

    @Transactional(readOnly = true)
    long countProbes(long registryId, Instant from, Instant to) {
        return jdbc.sql("select count(*) from probe_result where registry_id = ? and probed_at >= ? and probed_at < ?")
            .params(registryId, ts(from), ts(to)).query(Long.class).single();
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    List<ProbeRow> probes(long registryId, Instant from, Instant to, long offset, int limit) {
        return jdbc.sql("""
                select id, registry_id, probed_at, up, category, summary, remediation, latency_ms, tls_expires_at, probed_by,
                    clock_offset_ms
                from probe_result where registry_id = ? and probed_at >= ? and probed_at < ?
                order by probed_at desc, id desc offset ? rows fetch next ? rows only""")
            .params(registryId, ts(from), ts(to), offset, limit).query(ProbeStore::probe).list();
    }

    /** Probes and probes that were up since {@code from}, per registry. */
    @Transactional(readOnly = true)
    Map<Long, Availability> availabilitySince(Instant from, Collection<Long> registryIds) {
        if (registryIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                select registry_id, count(*) as probes, sum(case when up then 1 else 0 end) as ups
                from probe_result where probed_at >= :from and registry_id in (:ids) group by registry_id""")
            .param("from", ts(from)).param("ids", registryIds)
            .query((rs, n) -> new Availability(rs.getLong("registry_id"), rs.getLong("probes"), rs.getLong("ups"))).list()
            .stream().collect(Collectors.toMap(Availability::registryId, a -> a));
    }

    /** Latencies of the probes that were up since {@code from}, in milliseconds. */
    @Transactional(readOnly = true)
    List<Long> upLatenciesSince(long registryId, Instant from) {
        return jdbc.sql("select latency_ms from probe_result where registry_id = ? and probed_at >= ? and up = true")
            .params(registryId, ts(from)).query(Long.class).list();
    }

    /** Time, verdict and latency of each probe since {@code from}, oldest first (for the charts). */
    @Transactional(readOnly = true)
    List<ProbePoint> pointsSince(long registryId, Instant from) {
        return jdbc.sql("select probed_at, up, latency_ms from probe_result where registry_id = ? and probed_at >= ? order by probed_at")
            .params(registryId, ts(from))
            .query((rs, n) -> new ProbePoint(instant(rs, "probed_at"), rs.getBoolean("up"), rs.getLong("latency_ms"))).list();
    }

    record ProbePoint(Instant probedAt, boolean up, long latencyMs) {
    }

    @Transactional(readOnly = true)
    Optional<StateChange> lastChange(long registryId) {
        return jdbc.sql("""
                select registry_id, changed_at, from_state, to_state, category, summary, remediation from registry_state_change
                where registry_id = ? order by changed_at desc, id desc fetch first 1 rows only""")
            .param(registryId).query(ProbeStore::change).optional();
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    List<StateChange> changes(long registryId, int limit) {
        return jdbc.sql("""
                select registry_id, changed_at, from_state, to_state, category, summary, remediation from registry_state_change
                where registry_id = ? order by changed_at desc, id desc fetch first ? rows only""")
            .params(registryId, limit).query(ProbeStore::change).list();
    }

    /** Deletes history older than {@code cutoff}; the current state of each registry stays. */
    Deleted deleteOlderThan(Instant cutoff) {
        int probes = jdbc.sql("delete from probe_result where probed_at < ?").param(ts(cutoff)).update();
        int changes = jdbc.sql("delete from registry_state_change where changed_at < ?").param(ts(cutoff)).update();
        return new Deleted(probes, changes);
    }

    record Deleted(int probes, int stateChanges) {
    }

    enum State {
        UNKNOWN, UP, DOWN;

        static State of(boolean up) {
            return up ? UP : DOWN;
        }
    }

    record Health(long registryId, boolean up, Instant stateSince, Instant probedAt, String category, String summary,
                  String remediation, long latencyMs, Instant tlsExpiresAt, Instant caExpiresAt, Instant credentialExpiresAt) {
    }

    record ProbeRow(long id, long registryId, Instant probedAt, boolean up, String category, String summary,
                    String remediation, long latencyMs, Instant tlsExpiresAt, String probedBy, Long clockOffsetMs) {
    }

    record StateChange(long registryId, Instant changedAt, State from, State to, String category, String summary,
                       String remediation) {
    }

    record Availability(long registryId, long probes, long ups) {
    }

    private static Health health(ResultSet rs, int row) throws SQLException {
        return new Health(rs.getLong("registry_id"), rs.getBoolean("up"), instant(rs, "state_since"), instant(rs, "probed_at"),
            rs.getString("category"), rs.getString("summary"), rs.getString("remediation"), rs.getLong("latency_ms"),
            instant(rs, "tls_expires_at"), instant(rs, "ca_expires_at"), instant(rs, "credential_expires_at"));
    }

    private static ProbeRow probe(ResultSet rs, int row) throws SQLException {
        return new ProbeRow(rs.getLong("id"), rs.getLong("registry_id"), instant(rs, "probed_at"), rs.getBoolean("up"),
            rs.getString("category"), rs.getString("summary"), rs.getString("remediation"), rs.getLong("latency_ms"),
            instant(rs, "tls_expires_at"), rs.getString("probed_by"), rs.getObject("clock_offset_ms") == null ? null
                : rs.getLong("clock_offset_ms"));
    }

    private static StateChange change(ResultSet rs, int row) throws SQLException {
        return new StateChange(rs.getLong("registry_id"), instant(rs, "changed_at"), State.valueOf(rs.getString("from_state")),
            State.valueOf(rs.getString("to_state")), rs.getString("category"), rs.getString("summary"),
            rs.getString("remediation"));
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
