package io.registryconsole.distribution;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /v2/} showed about a registry.
 *
 * @param endpoint    the base URL actually used (an insecure registry without a scheme may have fallen back to http)
 * @param status      200 (open) or 401 (wants authentication)
 * @param apiVersion  the {@code Docker-Distribution-API-Version} header, e.g. {@code registry/2.0}, when sent
 * @param challenges  the authentication challenges of a 401
 * @param addresses   what the host name resolved to
 * @param tls         the TLS connection, for https
 * @param timings     DNS, CONNECT, TLS and PING phases
 */
public record PingResult(URI endpoint, int status, Optional<String> apiVersion, List<Challenge> challenges, List<InetAddress> addresses,
                         Optional<TlsInfo> tls, List<PhaseTiming> timings, Optional<java.time.Instant> serverDate) {

    public PingResult {
        challenges = List.copyOf(challenges);
        addresses = List.copyOf(addresses);
        timings = List.copyOf(timings);
        serverDate = serverDate == null ? Optional.empty() : serverDate;
    }

    public PingResult(URI endpoint, int status, Optional<String> apiVersion, List<Challenge> challenges, List<InetAddress> addresses,
                      Optional<TlsInfo> tls, List<PhaseTiming> timings) {
        this(endpoint, status, apiVersion, challenges, addresses, tls, timings, Optional.empty());
    }

    public boolean requiresAuthentication() {
        return status == 401;
    }
}
