package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Pasted files between preview and confirm: taken once, by their user and environment, bounded in number and age. */
class PendingImportsTest {

    private final MutableClock clock = new MutableClock();
    private final PendingImports store = new PendingImports(2, Duration.ofMinutes(30), clock);

    @Test
    void takenOnceByItsUserAndEnvironmentOnly() {
        String id = store.put(1, "root", Format.DOCKER_CONFIG, "{\"auths\":{}}", null);

        assertThat(store.take(id, 2, "root")).isEmpty();
        assertThat(store.take(id, 1, "rita")).isEmpty();
        assertThat(store.take(id, 1, "root")).get().extracting(PendingImports.Pending::content).isEqualTo("{\"auths\":{}}");
        assertThat(store.take(id, 1, "root")).isEmpty();
        assertThat(store.take(null, 1, "root")).isEmpty();
    }

    @Test
    void expiresAndKeepsOnlyTheNewestWhenFull() {
        String old = store.put(1, "root", Format.DOCKER_DAEMON, "{}", null);
        clock.advance(Duration.ofMinutes(31));
        assertThat(store.take(old, 1, "root")).isEmpty();

        String first = store.put(1, "root", Format.DOCKER_DAEMON, "{}", null);
        String second = store.put(1, "root", Format.DOCKER_DAEMON, "{}", null);
        String third = store.put(1, "root", Format.DOCKER_DAEMON, "{}", null);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.take(first, 1, "root")).isEmpty();
        assertThat(store.take(second, 1, "root")).isPresent();
        assertThat(store.take(third, 1, "root")).isPresent();
    }

    @Test
    void idsAreRandomAndToStringHoldsNoContent() {
        String a = store.put(1, "root", Format.DOCKER_CONFIG, "secret-content", null);
        String b = store.put(1, "root", Format.DOCKER_CONFIG, "secret-content", null);
        assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(24);
        assertThat(store.take(a, 1, "root").orElseThrow().toString()).doesNotContain("secret-content");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
