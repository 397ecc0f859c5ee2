package io.registryconsole.probe;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One probe of a registry.
 *
 * @param category     failure category when down (the API's table), else null
 * @param remediation  what to do about the failure (or a warning, e.g. a certificate about to expire), else null
 * @param tlsDaysLeft  whole days from the probe to the earliest expiry of the TLS chain the registry presented
 * @param probedBy     the console instance that ran the probe
 */
@Schema(name = "ProbeResult")
public record ProbeView(Instant probedAt, boolean up, String category, String summary, String remediation, long latencyMs,
                        Instant tlsExpiresAt, Long tlsDaysLeft, String probedBy,
                        @io.swagger.v3.oas.annotations.media.Schema(nullable = true,
                            description = "the registry's clock minus the console's, recorded only beyond the clock-skew tolerance")
                        Long clockOffsetMs) {

    static ProbeView of(ProbeStore.ProbeRow row) {
        return new ProbeView(row.probedAt(), row.up(), row.category(), row.summary(), row.remediation(), row.latencyMs(),
            row.tlsExpiresAt(), Days.between(row.probedAt(), row.tlsExpiresAt()), row.probedBy(), row.clockOffsetMs());
    }
}
