package io.registryconsole;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Fails loudly when the PostgreSQL run of the db tests has no server to talk to. */
@Tag("db")
class TestDatabaseTest {

    @Test
    void databaseUnderTestIsConfigured() {
        String database = System.getProperty("console.test.database", "h2");
        String url = System.getProperty("spring.datasource.url", "");
        String expected = database.equals("postgres") ? "jdbc:postgresql://" : "jdbc:h2:";
        assertThat(url)
            .as("the %s test run needs a database; run scripts/test.sh, which starts Debian's postgresql "
                + "on loopback and sets CONSOLE_TEST_POSTGRES_URL", database)
            .startsWith(expected);
    }
}
