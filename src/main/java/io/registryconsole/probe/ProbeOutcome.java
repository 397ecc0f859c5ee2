package io.registryconsole.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * What one probe of a registry found.
 *
 * @param category            failure category of the API's table when down; null when up (and for a configuration
 *                            the console itself cannot use, such as an undecryptable secret: the summary says what)
 * @param summary             one sentence for a person, free of secrets
 * @param tlsExpiresAt        earliest notAfter of the TLS chain the registry presented; null for plain HTTP or a failed handshake
 * @param caExpiresAt         earliest notAfter of the stored CA bundle, or null
 * @param credentialExpiresAt expiry of the stored credential, when known
 */
record ProbeOutcome(String registryName, boolean up, String category, String summary, Duration latency,
                    Instant tlsExpiresAt, Instant caExpiresAt, Instant credentialExpiresAt) {

    static final int MAX_SUMMARY = 1000;

    ProbeOutcome {
        summary = summary == null || summary.isBlank() ? (up ? "up" : "down") : summary.strip();
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY - 1) + "…";
        }
    }
}
