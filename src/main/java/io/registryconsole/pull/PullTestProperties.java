package io.registryconsole.pull;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Test pulls ({@code console.pull-tests.*}).
 *
 * @param concurrency     test pulls running at once; more wait in the queue
 * @param queueCapacity   test pulls waiting beyond the running ones; when full, a new one is refused with 429
 * @param maxBytes        byte cap of a FULL test pull (config plus layers); a request may ask for less
 * @param deadline        longest a test pull may take (each endpoint of an environment pull gets its own)
 * @param timeout         connect, first byte and longest pause of a transfer
 * @param requestAttempts attempts per request for failures that are safe to retry (1 = no retry)
 * @param heartbeat       how often an instance marks its queued and running test pulls as alive; rows not marked
 *                        for four heartbeats belong to a stopped instance and are closed
 * @param retention       finished test pulls older than this are deleted
 * @param minRate         a transfer slower than this (averaged over {@code minRateWindow}) is stopped as
 *                        TRANSFER_TIMEOUT, so a trickling registry cannot hold a worker until the deadline; 0 = off
 * @param minRateWindow   the window the minimum rate is measured over (like curl's --speed-time)
 * @param followInterval  how often the events of a test pull running on another console instance are read from the
 *                        database
 */
@Validated
@ConfigurationProperties("console.pull-tests")
public record PullTestProperties(@Min(1) @Max(64) @DefaultValue("2") int concurrency,
                                 @Min(0) @Max(10_000) @DefaultValue("20") int queueCapacity,
                                 @NotNull @DefaultValue("2GB") DataSize maxBytes,
                                 @NotNull @DefaultValue("10m") Duration deadline,
                                 @NotNull @DefaultValue("30s") Duration timeout,
                                 @Min(1) @Max(10) @DefaultValue("3") int requestAttempts,
                                 @NotNull @DefaultValue("15s") Duration heartbeat,
                                 @NotNull @DefaultValue("30d") Duration retention,
                                 @NotNull @DefaultValue("10KB") DataSize minRate,
                                 @NotNull @DefaultValue("30s") Duration minRateWindow,
                                 @NotNull @DefaultValue("1s") Duration followInterval) {
}
