package io.registryconsole.replication;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replications ({@code console.replications.*}).
 *
 * @param concurrency     replications running at once; more wait in the queue
 * @param images          images of one replication copied at once
 * @param blobs           blobs of one image copied at once
 * @param maxTags         tags read from one repository at most
 * @param deadline        longest one image copy may take
 * @param timeout         connect, first byte and longest pause of a transfer
 * @param schedulerPoll   how often the instances look for scheduled rules that are due
 * @param heartbeat       how often an instance marks its queued and running replications as alive; rows not marked
 *                        for four heartbeats belong to a stopped instance and are closed as FAILED
 * @param checks          tag lists and digest HEADs of one replication at once (cheap requests, so wider than images)
 */
@Validated
@ConfigurationProperties("console.replications")
public record ReplicationProperties(@Min(1) @Max(32) @DefaultValue("2") int concurrency,
                                    @Min(1) @Max(64) @DefaultValue("4") int images,
                                    @Min(1) @Max(16) @DefaultValue("3") int blobs,
                                    @Min(1) @Max(100_000) @DefaultValue("10000") int maxTags,
                                    @NotNull @DefaultValue("2h") Duration deadline,
                                    @NotNull @DefaultValue("30s") Duration timeout,
                                    @NotNull @DefaultValue("10s") Duration schedulerPoll,
                                    @NotNull @DefaultValue("15s") Duration heartbeat,
                                    @Min(1) @Max(64) @DefaultValue("16") int checks) {
}
