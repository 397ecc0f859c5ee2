package io.registryconsole.probe;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The health of one registry as its probes saw it.
 *
 * @param state      UP, DOWN, or UNKNOWN before the first probe
 * @param since      when the registry entered its current state
 * @param lastProbe  null before the first probe
 * @param uptime     percentage of probes that found it up, per window; null for a window without probes
 * @param latency    of the probes that found it up in the last 24 hours
 * @param lastChange null before the first probe (and once retention removed it)
 * @param expiry     certificates and credential, as of the last probe
 */
@Schema(name = "RegistryHealth")
public record RegistryHealthView(long registryId, String registryName, String url, String state, Instant since,
                                 ProbeView lastProbe, Uptime uptime, Latency latency, StateChangeView lastChange,
                                 Expiry expiry) {

    /** @param last24h percent, two decimals @param last7d percent, two decimals */
    @Schema(name = "RegistryUptime")
    public record Uptime(Double last24h, Double last7d) {
    }

    /** Nearest-rank percentiles in milliseconds; null without samples. */
    @Schema(name = "RegistryProbeLatency")
    public record Latency(Long p50Ms, Long p95Ms, int samples) {
    }

    /** Expiry dates and whole days left from now; null when there is nothing to expire. */
    @Schema(name = "RegistryExpiry")
    public record Expiry(Instant tlsNotAfter, Long tlsDaysLeft, Instant caNotAfter, Long caDaysLeft,
                         Instant credentialExpiresAt, Long credentialDaysLeft) {
    }
}
