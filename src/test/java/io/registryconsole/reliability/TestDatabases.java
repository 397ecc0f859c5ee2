package io.registryconsole.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Databases for consoles started as separate processes. On H2 nothing is set: the console uses its default URL (a
 * file in its data folder), which is what must be safe. On PostgreSQL (the run of scripts/test.sh) each test gets a
 * fresh database on the test server, dropped at the end.
 */
final class TestDatabases implements AutoCloseable {

    private final String name;

    private TestDatabases(String name) {
        this.name = name;
    }

    static boolean postgres() {
        return "postgres".equals(System.getProperty("console.test.database", "h2"));
    }

    static TestDatabases fresh() throws SQLException {
        if (!postgres()) {
            return new TestDatabases(null);
        }
        String name = "reliability_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return new TestDatabases(name);
    }

    /** The console's datasource properties: none on H2 (the default URL), the fresh database on PostgreSQL. */
    Map<String, String> properties() {
        if (name == null) {
            return Map.of();
        }
        return Map.of("spring.datasource.url", serverUrl().replaceFirst("/[^/?]*(\\?.*)?$", "/" + name),
            "spring.datasource.username", System.getProperty("spring.datasource.username"),
            "spring.datasource.password", System.getProperty("spring.datasource.password"));
    }

    private static String serverUrl() {
        String url = System.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("no test PostgreSQL: run the tests through scripts/test.sh, which starts one "
                + "on loopback and sets CONSOLE_TEST_POSTGRES_URL");
        }
        return url;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(serverUrl(), System.getProperty("spring.datasource.username"),
            System.getProperty("spring.datasource.password"));
    }

    @Override
    public void close() throws SQLException {
        if (name != null) {
            try (Connection connection = admin(); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + name + " with (force)");
            }
        }
    }
}
