package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * What one probe of a registry found.
 *
 * @param category            failure category of the API's table when down; null when up
 * @param summary             one sentence for a person, free of secrets
 * @param remediation         what to do about a failure (or a warning of a probe that was up), or null
 * @param tlsExpiresAt        earliest notAfter of the TLS chain the registry presented; null for plain HTTP or a failed handshake
 * @param caExpiresAt         earliest notAfter of the stored CA bundle, or null
 * @param credentialExpiresAt expiry of the stored credential, when known
 * @param clockOffsetMs       how far the registry's clock was ahead of the console's (negative: behind), only when beyond
 *                            the clock-skew tolerance; else null
 */
record ProbeOutcome(String registryName, boolean up, String category, String summary, String remediation, Duration latency,
                    Instant tlsExpiresAt, Instant caExpiresAt, Instant credentialExpiresAt, Long clockOffsetMs) {

    ProbeOutcome(String registryName, boolean up, String category, String summary, String remediation, Duration latency,
                 Instant tlsExpiresAt, Instant caExpiresAt, Instant credentialExpiresAt) {
        this(registryName, up, category, summary, remediation, latency, tlsExpiresAt, caExpiresAt, credentialExpiresAt, null);
    }

    static final int MAX_SUMMARY = 1000;

    ProbeOutcome {
        summary = cap(summary == null || summary.isBlank() ? (up ? "up" : "down") : summary.strip());
        remediation = remediation == null || remediation.isBlank() ? null : cap(remediation.strip());
    }

    private static String cap(String text) {
        return text.length() > MAX_SUMMARY ? text.substring(0, MAX_SUMMARY - 1) + "…" : text;
    }
}
