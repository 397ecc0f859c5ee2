package io.registryconsole;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** H2 in memory and the test PostgreSQL outlive a test context: every db test starts from empty tables. */
public final class TestTables {

    private TestTables() {
    }

    public static void clean(JdbcTemplate jdbc) {
        for (String table : List.of("pull_test", "probe_result", "registry_state_change", "registry_health", "scheduled_tasks",
            "environment_registry", "environment", "registry_label", "registry", "audit_event")) {
            jdbc.update("delete from " + table);
        }
    }

    /** Every row of the tables a registry or environment write touches, to show that a rejected request changed nothing. */
    public static List<List<Map<String, Object>>> contents(JdbcTemplate jdbc) {
        return List.of(
            jdbc.queryForList("select * from registry order by id"),
            jdbc.queryForList("select * from registry_label order by registry_id, label"),
            jdbc.queryForList("select * from environment order by id"),
            jdbc.queryForList("select * from environment_registry order by environment_id, binding_order"),
            jdbc.queryForList("select * from audit_event order by id"));
    }
}
