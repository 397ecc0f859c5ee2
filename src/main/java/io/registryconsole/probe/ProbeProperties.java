package io.registryconsole.probe;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Health probes ({@code console.probes.*}, environment variables {@code CONSOLE_PROBES_*}).
 *
 * @param enabled        whether this instance takes part in probing (probes of all instances on one database are shared)
 * @param interval       time between two probes of the same registry
 * @param jitter         probes of one round are spread over this window; each registry keeps a fixed offset in it
 * @param timeout        longest each operation of a probe's connection check may take (first contact, login)
 * @param concurrency    probes one instance runs at the same time
 * @param retention      probe history and state changes older than this are deleted
 * @param pollInterval   how often an instance looks in the database for due probes
 * @param metricsRefresh how often an instance reloads the probe gauges from the database (probes of other instances)
 * @param instanceName   names this instance in the history ({@code probedBy}); default host name and process id
 */
@Validated
@ConfigurationProperties("console.probes")
public record ProbeProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("5m") Duration interval,
    @NotNull @DefaultValue("1m") Duration jitter,
    @NotNull @DefaultValue("10s") Duration timeout,
    @Min(1) @Max(64) @DefaultValue("8") int concurrency,
    @NotNull @DefaultValue("14d") Duration retention,
    @NotNull @DefaultValue("10s") Duration pollInterval,
    @NotNull @DefaultValue("30s") Duration metricsRefresh,
    @Size(max = 100) String instanceName) {

    public ProbeProperties {
        if (instanceName == null || instanceName.isBlank()) {
            instanceName = defaultInstanceName();
        }
    }

    @AssertTrue(message = "interval must be at least 1s")
    boolean isIntervalValid() {
        return interval == null || interval.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    @AssertTrue(message = "jitter must be at least 0 and shorter than the interval")
    boolean isJitterValid() {
        return jitter == null || interval == null || !jitter.isNegative() && jitter.compareTo(interval) < 0;
    }

    @AssertTrue(message = "timeout must be positive and at most the interval")
    boolean isTimeoutValid() {
        return timeout == null || interval == null || positive(timeout) && timeout.compareTo(interval) <= 0;
    }

    @AssertTrue(message = "retention must be at least 1h")
    boolean isRetentionValid() {
        return retention == null || retention.compareTo(Duration.ofHours(1)) >= 0;
    }

    @AssertTrue(message = "pollInterval and metricsRefresh must be positive")
    boolean isPollingValid() {
        return (pollInterval == null || positive(pollInterval)) && (metricsRefresh == null || positive(metricsRefresh));
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static String defaultInstanceName() {
        // HOSTNAME rather than a name lookup: starting must not depend on (or wait for) DNS.
        String host = System.getenv("HOSTNAME");
        String name = (host == null || host.isBlank() ? "console" : host.strip()) + ":" + ProcessHandle.current().pid();
        return name.length() <= 100 ? name : name.substring(name.length() - 100);
    }
}
