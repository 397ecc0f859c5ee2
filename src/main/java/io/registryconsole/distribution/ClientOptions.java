package io.registryconsole.distribution;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timeouts of the client. Defaults follow docker/containerd where they have one.
 *
 * @param connectTimeout        TCP connect (the first contact's probe and every connection of the HTTP client)
 * @param tlsHandshakeTimeout   TLS handshake of the first contact's probe; later connections made by the HTTP client
 *                              are covered by {@code firstByteTimeout}, which includes their handshake
 * @param firstByteTimeout      from sending a request to the response headers
 * @param idleTimeout           longest pause without bytes while a body streams
 * @param overallDeadline       whole operation (a ping, a resolve, a full pull)
 * @param maxParallelDownloads  layers downloaded at once (docker's max-concurrent-downloads default is 3)
 * @param maxAttempts           attempts per request for the failures that are safe to retry (1 = no retry)
 * @param retryBudget           longest total time spent waiting between retries of one request
 * @param maxRetryAfter         a 429/503 asking to wait longer than this is reported at once, not waited out
 * @param maxManifestBytes      manifests and indexes larger than this are refused (containerd uses 4 MiB)
 * @param maxPullBytes          byte cap of a full pull (config plus layers), checked before and while downloading
 * @param userAgent             sent with every request
 * @param minTransferRate       bytes per second a body must at least average over {@code minRateWindow}, or the
 *                              transfer is aborted as TRANSFER_TIMEOUT (like curl's {@code --speed-limit}); 0 = off.
 *                              The idle timeout alone misses a server that trickles a byte now and then.
 * @param minRateWindow         the window the minimum rate is measured over (curl's {@code --speed-time})
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration tlsHandshakeTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration overallDeadline,
        int maxParallelDownloads,
        int maxAttempts,
        Duration retryBudget,
        Duration maxRetryAfter,
        long maxManifestBytes,
        long maxPullBytes,
        String userAgent,
        long minTransferRate,
        Duration minRateWindow) {

    public static final long FOUR_MIB = 4L * 1024 * 1024;

    public ClientOptions {
        positive(connectTimeout, "connectTimeout");
        positive(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        positive(firstByteTimeout, "firstByteTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(overallDeadline, "overallDeadline");
        Objects.requireNonNull(retryBudget, "retryBudget");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxParallelDownloads < 1 || maxParallelDownloads > 64) {
            throw new IllegalArgumentException("maxParallelDownloads must be 1..64");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1..10");
        }
        if (maxManifestBytes < 1024) {
            throw new IllegalArgumentException("maxManifestBytes must be at least 1024");
        }
        if (maxPullBytes < 1) {
            throw new IllegalArgumentException("maxPullBytes must be positive");
        }
        if (minTransferRate < 0) {
            throw new IllegalArgumentException("minTransferRate must not be negative");
        }
        positive(minRateWindow, "minRateWindow");
    }

    public static ClientOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
        private Duration firstByteTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration overallDeadline = Duration.ofMinutes(30);
        private int maxParallelDownloads = 3;
        private int maxAttempts = 3;
        private Duration retryBudget = Duration.ofSeconds(15);
        private Duration maxRetryAfter = Duration.ofSeconds(10);
        private long maxManifestBytes = FOUR_MIB;
        private long maxPullBytes = 20L * 1024 * 1024 * 1024;
        private String userAgent = "registry-console";
        // a slow but real link (10 KiB/s) passes; a server trickling a byte per second is stopped after 30 s
        private long minTransferRate = 10 * 1024;
        private Duration minRateWindow = Duration.ofSeconds(30);

        private Builder() {
        }

        private Builder(ClientOptions o) {
            connectTimeout = o.connectTimeout;
            tlsHandshakeTimeout = o.tlsHandshakeTimeout;
            firstByteTimeout = o.firstByteTimeout;
            idleTimeout = o.idleTimeout;
            overallDeadline = o.overallDeadline;
            maxParallelDownloads = o.maxParallelDownloads;
            maxAttempts = o.maxAttempts;
            retryBudget = o.retryBudget;
            maxRetryAfter = o.maxRetryAfter;
            maxManifestBytes = o.maxManifestBytes;
            maxPullBytes = o.maxPullBytes;
            userAgent = o.userAgent;
            minTransferRate = o.minTransferRate;
            minRateWindow = o.minRateWindow;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder tlsHandshakeTimeout(Duration d) {
            tlsHandshakeTimeout = d;
            return this;
        }

        public Builder firstByteTimeout(Duration d) {
            firstByteTimeout = d;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        public Builder overallDeadline(Duration d) {
            overallDeadline = d;
            return this;
        }

        public Builder maxParallelDownloads(int n) {
            maxParallelDownloads = n;
            return this;
        }

        public Builder maxAttempts(int n) {
            maxAttempts = n;
            return this;
        }

        public Builder retryBudget(Duration d) {
            retryBudget = d;
            return this;
        }

        public Builder maxRetryAfter(Duration d) {
            maxRetryAfter = d;
            return this;
        }

        public Builder maxManifestBytes(long n) {
            maxManifestBytes = n;
            return this;
        }

        public Builder maxPullBytes(long n) {
            maxPullBytes = n;
            return this;
        }

        public Builder userAgent(String ua) {
            userAgent = ua;
            return this;
        }

        /** Bytes per second a transfer must average over {@code window}; 0 turns the check off. */
        public Builder minTransferRate(long bytesPerSecond, Duration window) {
            minTransferRate = bytesPerSecond;
            minRateWindow = window;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(connectTimeout, tlsHandshakeTimeout, firstByteTimeout, idleTimeout, overallDeadline,
                    maxParallelDownloads, maxAttempts, retryBudget, maxRetryAfter, maxManifestBytes, maxPullBytes, userAgent,
                    minTransferRate, minRateWindow);
        }
    }
}
