package io.registryconsole.pull;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.registryconsole.shared.ChartWindow;

/**
 * Finished test pulls as chart series. Plain SQL over {@code pull_test}: a read-only time series needs no entities.
 * Timestamps travel as UTC {@link OffsetDateTime}s so neither driver applies the JVM's time zone.
 */
@Service
public class PullSeriesService {

    /** Enough points for a chart; the newest are kept. */
    static final int MAX_POINTS = 2000;

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();

    PullSeriesService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Pulls from one registry, through one environment, or (both null) all of them. */
    @Transactional(readOnly = true)
    public PullSeries series(Long registryId, Long environmentId, ChartWindow window) {
        Instant to = clock.instant();
        Instant from = to.minus(window.span());
        String where = registryId != null ? " and registry_id = :target" : environmentId != null ? " and environment_id = :target" : "";
        JdbcClient.StatementSpec query = jdbc.sql("""
                select id, finished_at, status, mode, duration_ms, bytes, throughput from pull_test
                where status in ('SUCCEEDED', 'FAILED') and finished_at >= :from""" + where
                + " order by finished_at desc, id desc fetch first " + MAX_POINTS + " rows only")
            .param("from", from.atOffset(ZoneOffset.UTC));
        if (!where.isEmpty()) {
            query = query.param("target", registryId != null ? registryId : environmentId);
        }
        List<PullSeries.Point> points = new ArrayList<>(query.query((rs, n) -> new PullSeries.Point(rs.getLong("id"),
            rs.getObject("finished_at", OffsetDateTime.class).toInstant(), PullStatus.valueOf(rs.getString("status")),
            PullMode.valueOf(rs.getString("mode")), (Long) rs.getObject("duration_ms", Long.class),
            (Long) rs.getObject("bytes", Long.class), (Long) rs.getObject("throughput", Long.class))).list());
        java.util.Collections.reverse(points);
        long bucketMillis = window.bucket().toMillis();
        TreeMap<Long, int[]> counts = new TreeMap<>();
        for (PullSeries.Point p : points) {
            int[] c = counts.computeIfAbsent((p.finishedAt().toEpochMilli() - from.toEpochMilli()) / bucketMillis, i -> new int[2]);
            c[p.status() == PullStatus.SUCCEEDED ? 0 : 1]++;
        }
        List<PullSeries.Bucket> buckets = new ArrayList<>();
        counts.forEach((index, c) -> buckets.add(new PullSeries.Bucket(from.plusMillis(index * bucketMillis), c[0] + c[1], c[0], c[1],
            Math.round(10_000.0 * c[0] / (c[0] + c[1])) / 100.0)));
        return new PullSeries(registryId, environmentId, window.id(), from, to, bucketMillis / 1000, points, buckets);
    }
}
