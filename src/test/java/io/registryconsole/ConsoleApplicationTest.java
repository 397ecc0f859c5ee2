package io.registryconsole;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@Tag("db")
@SpringBootTest
class ConsoleApplicationTest {

    @Autowired
    ConsoleProperties properties;

    @Test
    void startsWithTheConfiguredDataFolder() {
        assertThat(properties.dataDir().toString()).endsWith("test-data" + (System.getProperty("console.test.database").equals("postgres") ? "-pg" : ""));
    }
}
