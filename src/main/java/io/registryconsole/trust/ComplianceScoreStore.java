package io.registryconsole.trust;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The last compliance score of each environment (plain SQL over JdbcClient), shared by every console instance. */
@Repository
class ComplianceScoreStore {

    private final JdbcClient jdbc;

    ComplianceScoreStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the environment's score; of two instances saving at once, the later write wins. */
    void save(long environmentId, ComplianceService.LastScore score) {
        if (update(environmentId, score) == 0) {
            try {
                jdbc.sql("insert into compliance_score (environment_id, score, failed, checked_at) values (?, ?, ?, ?)")
                    .params(environmentId, score.score(), score.failed(), timestamp(score))
                    .update();
            } catch (DuplicateKeyException anotherInstanceWasFirst) {
                update(environmentId, score);
            }
        }
    }

    /** Scores by environment id, with the environments' current names. */
    Map<Long, ComplianceService.LastScore> all() {
        Map<Long, ComplianceService.LastScore> scores = new LinkedHashMap<>();
        jdbc.sql("select s.environment_id, e.name, s.score, s.failed, s.checked_at from compliance_score s"
                + " join environment e on e.id = s.environment_id order by s.environment_id")
            .query(rs -> {
                scores.put(rs.getLong("environment_id"), new ComplianceService.LastScore(rs.getString("name"), rs.getInt("score"),
                    rs.getLong("failed"), rs.getTimestamp("checked_at").toInstant()));
            });
        return scores;
    }

    private int update(long environmentId, ComplianceService.LastScore score) {
        return jdbc.sql("update compliance_score set score = ?, failed = ?, checked_at = ? where environment_id = ?")
            .params(score.score(), score.failed(), timestamp(score), environmentId)
            .update();
    }

    private static Timestamp timestamp(ComplianceService.LastScore score) {
        return Timestamp.from(score.checkedAt().truncatedTo(ChronoUnit.MICROS));
    }
}
