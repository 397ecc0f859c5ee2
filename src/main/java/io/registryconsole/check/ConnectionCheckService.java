package io.registryconsole.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.registryconsole.connect.RateLimitGauges;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.NotFoundException;

/**
 * Connection checks of stored registries: CONFIG, DNS, TCP, TLS, API, AUTH and optionally REPOSITORY, each with
 * status, duration and detail, and one verdict with category, summary and remediation. A check never throws for
 * a registry problem; it reports it. Used by the REST API, the "Check now" button and the health probes.
 */
@Service
public class ConnectionCheckService {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCheckService.class);
    /** How long {@link #checkAll} waits beyond the configured timeout before it reports a hung check. */
    private static final Duration GRACE = Duration.ofSeconds(3);

    private final RegistryService registries;
    private final RegistryClients clients;
    private final Diagnosis diagnosis;
    private final CheckMetrics metrics;
    private final RateLimitGauges rateLimits;
    private final CheckProperties properties;
    private final ClientOptions options;
    private final ThreadPoolExecutor pool;
    private final java.util.concurrent.Semaphore running;
    private final Clock clock = Clock.systemUTC();

    ConnectionCheckService(RegistryService registries, RegistryClients clients, Diagnosis diagnosis, CheckMetrics metrics,
                           RateLimitGauges rateLimits, CheckProperties properties) {
        this.registries = registries;
        this.clients = clients;
        this.diagnosis = diagnosis;
        this.metrics = metrics;
        this.rateLimits = rateLimits;
        this.properties = properties;
        this.options = ClientOptions.builder()
            .connectTimeout(properties.connectTimeout())
            .tlsHandshakeTimeout(properties.connectTimeout())
            .firstByteTimeout(properties.timeout())
            .idleTimeout(properties.timeout())
            .overallDeadline(properties.timeout())
            // A check reports what it sees at once: no retries, no waiting out a Retry-After.
            .maxAttempts(1)
            .maxRetryAfter(Duration.ZERO)
            .userAgent("registry-console-check")
            .build();
        AtomicInteger threads = new AtomicInteger();
        // Checks wait on the network, so the pool is much wider than the CPU count; idle threads go away.
        this.pool = new ThreadPoolExecutor(properties.parallelism(), properties.parallelism(), 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "registry-check-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        pool.allowCoreThreadTimeOut(true);
        this.running = new java.util.concurrent.Semaphore(properties.maxConcurrent());
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** The configured time limit of one check operation. */
    public Duration timeout() {
        return properties.timeout();
    }

    /**
     * Why a repository name given for the REPOSITORY step cannot be used (for forms that reject bad input before
     * running anything); empty when it is fine or blank (no repository step).
     */
    public Optional<String> repositoryProblem(String repository) {
        if (repository == null || repository.isBlank()) {
            return Optional.empty();
        }
        String name = repository.strip();
        if (name.length() > 255) {
            return Optional.of("is longer than 255 characters");
        }
        if (name.contains(":") || name.contains("@")) {
            return Optional.of("is a repository name without tag or digest, e.g. library/nginx");
        }
        try {
            // the reference grammar, with an explicit domain so docker.io's library/ prefix stays out of it
            ImageReference.parse("registry.invalid/" + name);
            return Optional.empty();
        } catch (RegistryException e) {
            return Optional.of("is not a valid repository name: lowercase path components separated by '/', e.g. library/nginx");
        }
    }

    /** Checks the registry without a repository step. */
    public CheckReport check(long registryId) {
        return check(registryId, Optional.empty());
    }

    /**
     * Checks the registry; with a repository, also whether the stored credentials may pull from it.
     *
     * @throws NotFoundException when there is no such registry
     */
    public CheckReport check(long registryId, Optional<String> repository) {
        return bounded(() -> checkNow(registryId, repository));
    }

    private CheckReport checkNow(long registryId, Optional<String> repository) {
        RegistryAccess access;
        try {
            access = registries.findAccess(registryId).orElseThrow(() -> new NotFoundException("registry", registryId));
        } catch (SecretDecryptionException e) {
            return undecryptable(registryId, e);
        }
        return check(access, repository);
    }

    /** Checks a registry whose access the caller already loaded. */
    public CheckReport check(RegistryAccess access, Optional<String> repository) {
        return finish(access, newRun(access, repository).run());
    }

    /**
     * The check the health probes run: the same steps and verdict as {@link #check(long, Optional)}, each operation
     * bounded by {@code timeout}. Not recorded as a connection check ({@code console.check.duration}): the probes
     * have their own meters, and a probe every few minutes per registry would drown the checks people start.
     *
     * @throws NotFoundException when there is no such registry
     */
    public CheckReport probe(long registryId, Duration timeout) {
        RegistryAccess access;
        try {
            access = registries.findAccess(registryId).orElseThrow(() -> new NotFoundException("registry", registryId));
        } catch (SecretDecryptionException e) {
            return undecryptable(registryId, e);
        }
        Duration connect = timeout.compareTo(properties.connectTimeout()) < 0 ? timeout : properties.connectTimeout();
        ClientOptions probeOptions = options.toBuilder().connectTimeout(connect).tlsHandshakeTimeout(connect)
            .firstByteTimeout(timeout).idleTimeout(timeout).overallDeadline(timeout).userAgent("registry-console-probe").build();
        return new CheckRun(access, Optional.empty(), clients, probeOptions, diagnosis, rateLimits, clock).run();
    }

    private CheckRun newRun(RegistryAccess access, Optional<String> repository) {
        return new CheckRun(access, repository.filter(r -> !r.isBlank()).map(String::strip), clients, options, diagnosis, rateLimits, clock);
    }

    private CheckReport finish(RegistryAccess access, CheckReport report) {
        metrics.record(access.name(), report);
        return report;
    }

    /**
     * Checks many registries at once, on a pool of {@link CheckProperties#parallelism()} threads: the whole run takes
     * about one timeout however many are unreachable (as long as they fit the pool). Unknown ids are left out.
     *
     * @return the reports by registry id, in the order of {@code registryIds}
     */
    public Map<Long, CheckReport> checkAll(Collection<Long> registryIds) {
        return bounded(() -> checkAllNow(registryIds));
    }

    /**
     * Runs {@code work} if fewer than {@link CheckProperties#maxConcurrent()} checks are running, else refuses at
     * once: a check against a silent registry holds its (web) thread for the whole timeout.
     *
     * @throws ChecksBusyException when the bound is reached
     */
    private <T> T bounded(java.util.function.Supplier<T> work) {
        if (!running.tryAcquire()) {
            throw new ChecksBusyException(properties.maxConcurrent(), retryAfterSeconds());
        }
        try {
            return work.get();
        } finally {
            running.release();
        }
    }

    /** About when a running check ends: it is bounded by the timeout, and most end much sooner. */
    private long retryAfterSeconds() {
        return Math.max(1, Math.min(properties.timeout().toSeconds(), 10));
    }

    private Map<Long, CheckReport> checkAllNow(Collection<Long> registryIds) {
        record Pending(RegistryAccess access, CheckRun run, Instant started, CompletableFuture<CheckReport> report) {
        }
        Map<Long, Object> running = new LinkedHashMap<>();
        for (Long id : new LinkedHashSet<>(registryIds)) {
            try {
                Optional<RegistryAccess> access = registries.findAccess(id);
                if (access.isPresent()) {
                    CheckRun run = newRun(access.get(), Optional.empty());
                    running.put(id, new Pending(access.get(), run, clock.instant(), CompletableFuture.supplyAsync(run::run, pool)));
                }
            } catch (SecretDecryptionException e) {
                running.put(id, undecryptable(id, e));
            }
        }
        long rounds = Math.max(1, (running.size() + properties.parallelism() - 1) / properties.parallelism());
        long deadline = System.nanoTime() + properties.timeout().multipliedBy(rounds).plus(GRACE).toNanos();
        Map<Long, CheckReport> reports = new LinkedHashMap<>();
        running.forEach((id, value) -> {
            if (value instanceof CheckReport done) {
                reports.put(id, done);
                return;
            }
            Pending p = (Pending) value;
            CheckReport report;
            try {
                report = p.report().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                p.report().cancel(true);
                report = p.run().unfinished(p.started(), properties.timeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking registries", e);
            } catch (ExecutionException e) {
                log.error("Check of registry {} failed unexpectedly", id, e.getCause());
                report = p.run().unfinished(p.started(), properties.timeout());
            }
            reports.put(id, finish(p.access(), report));
        });
        return reports;
    }

    private CheckReport undecryptable(long registryId, SecretDecryptionException e) {
        // The message names the key id, never the secret.
        String what = "the stored credential cannot be decrypted: " + e.getMessage();
        Instant now = clock.instant();
        return new CheckReport(false, Category.AUTH_INVALID_CREDENTIALS, Diagnosis.sentence(what),
            "Configure the encryption key the credential was stored with (CONSOLE_ENCRYPTION_KEY or the key file in the data folder), "
                + "or store the credential of registry " + registryId + " again.",
            CheckStep.failedAt(StepName.CONFIG, 0, what), now, null, 0);
    }
}
