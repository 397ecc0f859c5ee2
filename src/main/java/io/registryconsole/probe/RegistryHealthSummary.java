package io.registryconsole.probe;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One registry in the health overview.
 *
 * @param state       UP, DOWN, or UNKNOWN before the first probe
 * @param remediation what to do about the last probe's failure (or warning), else null
 * @param uptime24h   percent of the last 24 hours' probes that found it up; null without probes
 */
@Schema(name = "RegistryHealthSummary")
public record RegistryHealthSummary(long registryId, String registryName, String url, String state, Instant since,
                                    Instant lastProbedAt, String category, String summary, String remediation,
                                    Long latencyMs,
                                    Double uptime24h) {
}
