package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.TestTables;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * Pasted files between preview and confirm, in the database (so any console instance can confirm): taken once, by
 * their user and environment, bounded in number and age, the content never stored in clear.
 */
@Tag("db")
@SpringBootTest
class PendingImportsTest {

    @Autowired
    PendingImportRepository repository;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;
    @Autowired
    EnvironmentService environments;

    private final MutableClock clock = new MutableClock();
    private PendingImports store;
    private long env;
    private long otherEnv;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        jdbc.update("delete from pending_import");
        long registry = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false, null, null, null, null,
            null)).id();
        env = environments.create(new EnvironmentRequest("prod", null, null, null, null, List.of(BindingRequest.primary(registry)), null)).id();
        otherEnv = environments.create(new EnvironmentRequest("test", null, null, null, null, List.of(BindingRequest.primary(registry)),
            null)).id();
        store = new PendingImports(repository, 2, Duration.ofMinutes(30), clock);
    }

    @Test
    void takenOnceByItsUserAndEnvironmentOnly() {
        String id = store.put(env, "root", Format.DOCKER_CONFIG, "{\"auths\":{}}", "mirror.example.com");

        assertThat(store.take(id, otherEnv, "root")).isEmpty();
        assertThat(store.take(id, env, "rita")).isEmpty();
        PendingImports.Pending taken = store.take(id, env, "root").orElseThrow();
        assertThat(taken.content()).isEqualTo("{\"auths\":{}}");
        assertThat(taken.format()).isEqualTo(Format.DOCKER_CONFIG);
        assertThat(taken.upstreamHost()).isEqualTo("mirror.example.com");
        assertThat(store.take(id, env, "root")).isEmpty();
        assertThat(store.take(null, env, "root")).isEmpty();
    }

    @Test
    void anotherStoreOverTheSameDatabaseTakesIt() {
        // what a second console instance does: its own PendingImports over the same table
        PendingImports otherInstance = new PendingImports(repository, 2, Duration.ofMinutes(30), clock);
        String id = store.put(env, "root", Format.DOCKER_DAEMON, "{}", null);
        assertThat(otherInstance.take(id, env, "root")).isPresent();
        assertThat(store.take(id, env, "root")).isEmpty();
    }

    @Test
    void expiresAndKeepsOnlyTheNewestWhenFull() {
        String old = store.put(env, "root", Format.DOCKER_DAEMON, "{}", null);
        clock.advance(Duration.ofMinutes(31));
        assertThat(store.take(old, env, "root")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from pending_import", Integer.class)).isOne();

        String first = store.put(env, "root", Format.DOCKER_DAEMON, "{}", null);
        clock.advance(Duration.ofSeconds(1));
        String second = store.put(env, "root", Format.DOCKER_DAEMON, "{}", null);
        clock.advance(Duration.ofSeconds(1));
        String third = store.put(env, "root", Format.DOCKER_DAEMON, "{}", null);
        assertThat(store.size()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from pending_import", Integer.class)).isEqualTo(2);
        assertThat(store.take(first, env, "root")).isEmpty();
        assertThat(store.take(second, env, "root")).isPresent();
        assertThat(store.take(third, env, "root")).isPresent();
    }

    @Test
    void contentIsEncryptedIdsAreRandomAndToStringHoldsNoContent() {
        String a = store.put(env, "root", Format.DOCKER_CONFIG, "secret-content", null);
        String b = store.put(env, "root", Format.DOCKER_CONFIG, "secret-content", null);
        assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(24);
        assertThat(jdbc.queryForList("select * from pending_import").toString()).doesNotContain("secret-content").contains("v1:");
        assertThat(store.take(a, env, "root").orElseThrow().toString()).doesNotContain("secret-content");
    }

    @Test
    void deletingTheEnvironmentDeletesItsPendingFiles() {
        store.put(env, "root", Format.DOCKER_CONFIG, "{}", null);
        environments.delete(env, null);
        assertThat(jdbc.queryForObject("select count(*) from pending_import", Integer.class)).isZero();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
