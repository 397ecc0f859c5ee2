package io.registryconsole.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** Row counts of the tables a request could change: equal before and after shows a refused request changed nothing. */
final class RowCounts {

    private static final List<String> TABLES = List.of("registry", "registry_label", "environment", "environment_registry",
        "environment_trusted_key", "pull_test", "probe_result", "replication", "replication_rule", "console_user", "api_token",
        "export_download", "pending_import", "audit_event");

    private RowCounts() {
    }

    static Map<String, Long> of(JdbcTemplate jdbc) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        return counts;
    }
}
