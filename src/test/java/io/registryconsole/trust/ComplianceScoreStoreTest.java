package io.registryconsole.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.registryconsole.TestTables;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;

/**
 * The last compliance score lives in the database: what one instance reported, another instance (a second store over
 * the same database) shows, under the environment's current name; a new report replaces it; a deleted environment
 * takes its score with it.
 */
@Tag("db")
@SpringBootTest
class ComplianceScoreStoreTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JdbcClient jdbcClient;
    @Autowired
    EnvironmentService environments;
    @Autowired
    ComplianceService compliance;

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
    }

    @Test
    void aScoreReportedOnOneInstanceIsWhatEveryInstanceShows() {
        // no registries: the report measures nothing over the network
        EnvironmentView env = environments.create(new EnvironmentRequest("scored", null, null, null, null, List.of(), null, null));
        assertThat(compliance.lastScores()).doesNotContainKey(env.id());

        ComplianceReport report = compliance.report(env.id());
        ComplianceScoreStore otherInstance = new ComplianceScoreStore(jdbcClient);
        assertThat(otherInstance.all()).containsOnlyKeys(env.id());
        ComplianceService.LastScore stored = otherInstance.all().get(env.id());
        assertThat(stored.environment()).isEqualTo("scored");
        assertThat(stored.score()).isEqualTo(report.score());
        assertThat(stored.failed()).isEqualTo(report.rules().stream().filter(r -> r.status() == ComplianceStatus.FAIL).count());

        compliance.report(env.id());
        assertThat(jdbc.queryForObject("select count(*) from compliance_score", Long.class)).isEqualTo(1);
        assertThat(otherInstance.all().get(env.id()).checkedAt()).isAfterOrEqualTo(stored.checkedAt());

        environments.delete(env.id(), null);
        assertThat(otherInstance.all()).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from compliance_score", Long.class)).isZero();
    }
}
