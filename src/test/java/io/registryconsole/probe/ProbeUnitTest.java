package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The pure parts of the probes: jitter offsets, percentiles, uptime, settings. */
class ProbeUnitTest {

    @Test
    void offsetsStayInTheJitterWindowAreFixedPerRegistryAndSpreadOut() {
        Duration jitter = Duration.ofMinutes(1);
        List<Duration> offsets = LongStream.rangeClosed(1, 200).mapToObj(id -> ProbeScheduling.offset(id, jitter)).toList();

        assertThat(offsets).allSatisfy(o -> assertThat(o).isBetween(Duration.ZERO, jitter.minusMillis(1)));
        assertThat(ProbeScheduling.offset(42, jitter)).isEqualTo(ProbeScheduling.offset(42, jitter));
        // 200 registries: no 6-second slice of the minute holds more than a quarter of them (an even spread holds 20)
        int[] slices = new int[10];
        offsets.forEach(o -> slices[(int) (o.toMillis() / 6000)]++);
        assertThat(java.util.Arrays.stream(slices).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(5, 50));
        assertThat(ProbeScheduling.offset(7, Duration.ZERO)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(RegistryHealthService.percentile(List.of(), 50)).isNull();
        assertThat(RegistryHealthService.percentile(List.of(7L), 95)).isEqualTo(7);
        List<Long> hundred = LongStream.rangeClosed(1, 100).boxed().toList();
        assertThat(RegistryHealthService.percentile(hundred, 50)).isEqualTo(50);
        assertThat(RegistryHealthService.percentile(hundred, 95)).isEqualTo(95);
        assertThat(RegistryHealthService.percentile(List.of(1L, 2L, 3L), 50)).isEqualTo(2);
    }

    @Test
    void uptimeIsTheShareOfProbesThatWereUp() {
        assertThat(RegistryHealthService.percent(null)).isNull();
        assertThat(RegistryHealthService.percent(new ProbeStore.Availability(1, 0, 0))).isNull();
        assertThat(RegistryHealthService.percent(new ProbeStore.Availability(1, 3, 2))).isEqualTo(66.67);
        assertThat(RegistryHealthService.percent(new ProbeStore.Availability(1, 288, 288))).isEqualTo(100.0);
    }

    @Test
    void daysLeftRoundDownAndGoNegativeOnceExpired() {
        java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
        assertThat(Days.between(now, now.plus(Duration.ofHours(47)))).isEqualTo(1);
        assertThat(Days.between(now, now.minus(Duration.ofHours(1)))).isEqualTo(-1);
        assertThat(Days.between(now, null)).isNull();
    }

    @Test
    void settingsHaveDefaultsAndRejectContradictions() {
        run(Map.of(), context -> {
            assertThat(context).hasNotFailed();
            ProbeProperties defaults = context.getBean(ProbeProperties.class);
            assertThat(defaults.enabled()).isTrue();
            assertThat(defaults.interval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(defaults.jitter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(defaults.concurrency()).isEqualTo(8);
            assertThat(defaults.retention()).isEqualTo(Duration.ofDays(14));
            assertThat(defaults.instanceName()).isNotBlank().endsWith(":" + ProcessHandle.current().pid());
        });
        run(Map.of("CONSOLE_PROBES_INTERVAL", "1m", "CONSOLE_PROBES_JITTER", "10s", "CONSOLE_PROBES_ENABLED", "false",
                "CONSOLE_PROBES_POLLINTERVAL", "250ms", "CONSOLE_PROBES_METRICSREFRESH", "5s", "CONSOLE_PROBES_INSTANCENAME", "eu-1"),
            context -> {
                assertThat(context).hasNotFailed();
                ProbeProperties properties = context.getBean(ProbeProperties.class);
                assertThat(properties.interval()).isEqualTo(Duration.ofMinutes(1));
                assertThat(properties.enabled()).isFalse();
                assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(250));
                assertThat(properties.metricsRefresh()).isEqualTo(Duration.ofSeconds(5));
                assertThat(properties.instanceName()).isEqualTo("eu-1");
            });
        Map<Map<String, Object>, String> contradictions = Map.of(
            Map.of("CONSOLE_PROBES_JITTER", "5m"), "jitter must be at least 0 and shorter than the interval",
            Map.of("CONSOLE_PROBES_TIMEOUT", "10m"), "timeout must be positive and at most the interval",
            Map.of("CONSOLE_PROBES_INTERVAL", "500ms", "CONSOLE_PROBES_JITTER", "0s", "CONSOLE_PROBES_TIMEOUT", "100ms"),
            "interval must be at least 1s",
            Map.of("CONSOLE_PROBES_RETENTION", "10m"), "retention must be at least 1h",
            Map.of("CONSOLE_PROBES_CONCURRENCY", "0"), "concurrency");
        contradictions.forEach((variables, message) -> run(variables, context -> assertThat(context).hasFailed()
            .getFailure().rootCause().as("%s", variables).hasMessageContaining(message)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProbeProperties.class)
    static class Properties {
    }

    /** As deployments set them: environment variables only (surefire's console.probes.enabled=false left out). */
    static void run(Map<String, Object> variables, ContextConsumer<AssertableApplicationContext> check) {
        new ApplicationContextRunner().withUserConfiguration(Properties.class)
            .withInitializer(context -> {
                MutablePropertySources sources = context.getEnvironment().getPropertySources();
                sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
                sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            })
            .run(check);
    }
}
