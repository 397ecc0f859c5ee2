package io.registryconsole.plan;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.registryconsole.check.Diagnosis;
import io.registryconsole.check.DiagnosisContext;
import io.registryconsole.check.Explanation;
import io.registryconsole.connect.RateLimitGauges;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.ManifestHead;
import io.registryconsole.distribution.ProxySettings;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistrySummary;
import io.registryconsole.shared.InvalidInputException;

/**
 * Pull plans of environments: which endpoints Docker, containerd and CRI-O would try for an image, in order, each
 * tried live with a manifest HEAD (all at once), and which one serves the image. Also prepares the endpoint order
 * for test pulls through an environment.
 */
@Service
public class PlanService {

    private static final Logger log = LoggerFactory.getLogger(PlanService.class);

    private static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(15);

    private final EnvironmentService environments;
    private final RegistryService registries;
    private final RegistryClients clients;
    private final Diagnosis diagnosis;
    private final RateLimitGauges rateLimits;
    private final ClientOptions trialOptions;
    private final ClientOptions measureOptions;
    private final EndpointMeasurer measurer;
    private final SingleImages singleImages;
    private final ExecutorService pool;
    private final Clock clock = Clock.systemUTC();

    PlanService(EnvironmentService environments, RegistryService registries, RegistryClients clients, Diagnosis diagnosis,
                RateLimitGauges rateLimits, PlanProperties properties, SingleImages singleImages) {
        this.singleImages = singleImages;
        this.environments = environments;
        this.registries = registries;
        this.clients = clients;
        this.diagnosis = diagnosis;
        this.rateLimits = rateLimits;
        this.trialOptions = ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).tlsHandshakeTimeout(Duration.ofSeconds(5))
            .firstByteTimeout(Duration.ofSeconds(10)).overallDeadline(TRIAL_TIMEOUT).maxAttempts(1).maxRetryAfter(Duration.ZERO)
            .userAgent("registry-console-plan").build();
        this.measureOptions = trialOptions.toBuilder().overallDeadline(properties.measureDeadline()).build();
        this.measurer = new EndpointMeasurer(properties);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "plan-trial-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * An environment, its plan for an image and the access to each bound registry, for a test pull through it.
     *
     * @param accesses by registry id; registries whose secret cannot be decrypted are missing
     * @param proxy    the environment's proxy, which every request of its trials and test pulls goes through; null: direct
     */
    public record Prepared(EnvironmentView environment, StaticPlan plan, Map<Long, RegistryAccess> accesses, ProxySettings proxy) {
    }

    /**
     * @throws io.registryconsole.shared.NotFoundException for an unknown environment
     * @throws InvalidInputException when the image does not parse
     */
    public Prepared prepare(long environmentId, String image) {
        EnvironmentView env = environments.get(environmentId);
        Map<Long, RegistryAccess> accesses = new HashMap<>();
        for (BindingView b : env.registries()) {
            try {
                registries.findAccess(b.registryId()).ifPresent(a -> accesses.put(a.id(), a));
            } catch (SecretDecryptionException e) {
                // the registry is still planned; trying it reports the missing key (the message names no secret)
                log.warn("Planning without the stored access of registry {}: {}", b.registryId(), e.getMessage());
            }
        }
        Map<Long, RegistrySummary> summaries = registries.summaries(env.registries().stream().map(BindingView::registryId).toList());
        List<PlanBinding> bindings = new ArrayList<>();
        for (BindingView b : env.registries()) {
            RegistrySummary s = summaries.get(b.registryId());
            if (s == null) {
                continue;
            }
            RegistryAccess a = accesses.get(b.registryId());
            boolean credential = a == null || (a.credentialKind() != null && a.credentialKind() != CredentialKind.ANONYMOUS);
            bindings.add(new PlanBinding(s.id(), s.name(), s.url(), s.provider(), s.insecure(), b.role(), b.mirrorOf(), b.priority(), credential));
        }
        StaticPlan plan;
        try {
            plan = PullPlanner.plan(env.name(), env.description(), bindings, image);
        } catch (RegistryException e) {
            throw invalidImage(e);
        }
        ProxySettings proxy;
        try {
            proxy = environments.proxySettings(environmentId).orElse(null);
        } catch (SecretDecryptionException | IllegalArgumentException e) {
            // Going direct would test another path than the nodes take; an unusable proxy fails every trial instead.
            proxy = new ProxySettings(java.net.URI.create("http://proxy-password-cannot-be-decrypted.invalid"),
                java.net.URI.create("http://proxy-password-cannot-be-decrypted.invalid"), null, null, null);
        }
        return new Prepared(env, plan, accesses, proxy);
    }

    public static InvalidInputException invalidImage(RegistryException e) {
        // The client's message may quote the input; the answer does not.
        return new InvalidInputException("image", "is not a valid image reference (" + Category.INVALID_REFERENCE + "): write it as "
            + "[registry/]repository[:tag|@digest] in lowercase, e.g. library/nginx:1.25");
    }

    /** The plan of an image in an environment; with {@code live}, every endpoint tried at once. */
    public PullPlanView plan(long environmentId, String image, boolean live) {
        return plan(environmentId, image, live, false);
    }

    /**
     * The plan of an image; with {@code live} every endpoint tried at once; with {@code measure} (implies live) every
     * endpoint that serves the image measured, one after another, ranked, and flagged when a slow one comes first.
     */
    public PullPlanView plan(long environmentId, String image, boolean live, boolean measure) {
        live |= measure;
        Prepared prepared = prepare(environmentId, image);
        StaticPlan plan = prepared.plan();
        Map<String, EndpointTrial> trials = live ? tryAll(plan, prepared.accesses(), prepared.proxy()) : Map.of();
        if (measure) {
            trials = measureAll(plan, trials, prepared);
        }
        List<PlanFlag> flags = new ArrayList<>(plan.flags());
        List<PullPlanView.RuntimeView> runtimes = new ArrayList<>();
        List<PlatformFit.Served> served = new ArrayList<>();
        for (RuntimePlan rp : plan.runtimes()) {
            List<PullPlanView.EndpointView> endpoints = new ArrayList<>();
            String servedBy = null;
            List<String> failedBefore = new ArrayList<>();
            for (PlannedEndpoint e : rp.endpoints()) {
                EndpointTrial trial = trials.get(e.key());
                endpoints.add(new PullPlanView.EndpointView(e.order(), e.url(), e.registryId(), e.registryName(), e.role(), e.repository(),
                    trial));
                if (trial != null && servedBy == null) {
                    if (trial.served()) {
                        servedBy = e.url();
                        if (trial.digest() != null) {
                            served.add(new PlatformFit.Served(rp.runtime(), e, trial.digest()));
                        }
                    } else {
                        failedBefore.add("'" + e.registryName() + "' (" + trial.outcome() + ")");
                    }
                }
            }
            if (live && servedBy == null && !rp.endpoints().isEmpty()) {
                flags.add(new PlanFlag(PlanFlag.Severity.ERROR, "NOTHING_SERVES", rp.runtime() + " cannot pull " + plan.reference()
                    + ": none of its " + rp.endpoints().size() + " endpoint(s) serves it", null, rp.runtime()));
            } else if (live && servedBy != null && !failedBefore.isEmpty()) {
                flags.add(new PlanFlag(PlanFlag.Severity.WARNING, "FAILOVER", rp.runtime() + " reaches " + servedBy + " only after "
                    + String.join(", ", failedBefore) + " failed; every pull pays for that", null, rp.runtime()));
            }
            runtimes.add(new PullPlanView.RuntimeView(rp.runtime(), endpoints, servedBy, rp.notes()));
        }
        if (live && prepared.environment().trust() != null && prepared.environment().trust().requireSignature()) {
            flags.addAll(SignaturesStripped.flags(plan, trials, (e, digest) -> signed(e, digest, prepared.accesses())));
        }
        if (live) {
            flags.addAll(Divergence.flags(plan, trials, (endpoint, digest) -> created(endpoint, digest, prepared)));
            flags.addAll(PlatformFit.flags(served, platform(prepared).toString(), (endpoint, digest) -> platformProblem(endpoint, digest, prepared)));
        }
        List<PullPlanView.RankedEndpoint> ranking = List.of();
        if (measure) {
            flags.addAll(SpeedRanking.flags(plan, trials));
            ranking = SpeedRanking.ranking(plan, trials);
        }
        return new PullPlanView(prepared.environment().id(), prepared.environment().name(), plan.reference().toString(), plan.shortName(),
            runtimes, flags, live, clock.instant(), ranking);
    }

    /** Whether an endpoint serves a signature (cosign or Notation) for the digest; empty when it cannot tell. */
    private java.util.Optional<Boolean> signed(PlannedEndpoint endpoint, String digest, Map<Long, RegistryAccess> accesses) {
        RegistryAccess access = endpoint.registryId() == null ? null : accesses.get(endpoint.registryId());
        try {
            RegistryClient client = access != null ? clients.shared(access, trialOptions)
                : clients.sharedUpstream(endpoint.reference().domain(), trialOptions);
            return java.util.Optional.of(client.referrers(endpoint.reference().repository(), io.registryconsole.distribution.Digest.parse(digest))
                .stream().anyMatch(r -> r.kind() == io.registryconsole.distribution.ReferrerKind.COSIGN_SIGNATURE
                    || r.kind() == io.registryconsole.distribution.ReferrerKind.NOTATION_SIGNATURE));
        } catch (RegistryException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private Map<String, EndpointTrial> tryAll(StaticPlan plan, Map<Long, RegistryAccess> accesses, ProxySettings proxy) {
        Map<String, PlannedEndpoint> distinct = new LinkedHashMap<>();
        plan.runtimes().forEach(r -> r.endpoints().forEach(e -> distinct.putIfAbsent(e.key(), e)));
        Map<String, CompletableFuture<EndpointTrial>> running = new LinkedHashMap<>();
        distinct.forEach((key, e) -> running.put(key, CompletableFuture.supplyAsync(() -> trial(e, accesses, proxy), pool)));
        long deadline = System.nanoTime() + TRIAL_TIMEOUT.plusSeconds(5).toNanos();
        Map<String, EndpointTrial> trials = new HashMap<>();
        running.forEach((key, future) -> {
            try {
                trials.put(key, future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                trials.put(key, new EndpointTrial(Category.TRANSFER_TIMEOUT.name(), null, null, TRIAL_TIMEOUT.toMillis(),
                    "no answer within " + TRIAL_TIMEOUT.toSeconds() + " s", null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while trying endpoints", e);
            } catch (ExecutionException e) {
                trials.put(key, unexpectedFailure(key, e.getCause()));
            }
        });
        return trials;
    }

    /** A trial that threw (a bug, not a registry's answer): logged with its cause, shown as failed; the plan goes on. */
    static EndpointTrial unexpectedFailure(String endpoint, Throwable cause) {
        log.error("Trying endpoint {} failed unexpectedly", endpoint, cause);
        return new EndpointTrial(Category.SERVER_ERROR.name(), null, null, 0, "the trial failed unexpectedly", null);
    }

    /** A manifest HEAD at one endpoint, with the endpoint's stored access (anonymous for an unconfigured upstream). */
    public EndpointTrial trial(PlannedEndpoint endpoint, Map<Long, RegistryAccess> accesses) {
        return trial(endpoint, accesses, null);
    }

    /** {@link #trial(PlannedEndpoint, Map)} through the environment's proxy (null: direct). */
    public EndpointTrial trial(PlannedEndpoint endpoint, Map<Long, RegistryAccess> accesses, ProxySettings proxy) {
        long start = System.nanoTime();
        RegistryAccess access = endpoint.registryId() == null ? null : accesses.get(endpoint.registryId());
        if (endpoint.registryId() != null && access == null) {
            return new EndpointTrial(Category.AUTH_INVALID_CREDENTIALS.name(), null, null, 0,
                "the stored credential of '" + endpoint.registryName() + "' cannot be decrypted with the configured keys",
                "Configure the encryption key it was stored with, or store the credential again.");
        }
        DiagnosisContext context = (access != null ? DiagnosisContext.of(access) : DiagnosisContext.upstream(endpoint.url()))
            .withSubject(endpoint.reference().repository() + ":" + endpoint.reference().manifestReference(), null);
        try {
            RegistryClient client = access != null ? clients.shared(access, trialOptions, proxy)
                : clients.sharedUpstream(endpoint.reference().domain(), trialOptions, proxy);
            ManifestHead head = client.head(endpoint.reference());
            rateLimits.record(endpoint.registryName(), head.rateLimit());
            return new EndpointTrial(EndpointTrial.OK, head.digest().map(Object::toString).orElse(null), head.mediaType(), millis(start),
                null, null);
        } catch (RegistryException e) {
            rateLimits.record(endpoint.registryName(), e);
            Explanation x = diagnosis.explain(e, context);
            return new EndpointTrial(x.category().name(), null, null, millis(start), x.summary(), x.remediation());
        } catch (IllegalArgumentException e) {
            return new EndpointTrial(Category.TLS_UNTRUSTED.name(), null, null, millis(start), "the stored settings cannot be used: "
                + e.getMessage(), "Check the registry's URL and CA certificate.");
        }
    }

    /** Measures the endpoints that served, one after another so they do not share the console's bandwidth. */
    private Map<String, EndpointTrial> measureAll(StaticPlan plan, Map<String, EndpointTrial> trials, Prepared prepared) {
        Map<String, EndpointTrial> measured = new HashMap<>(trials);
        Map<String, PlannedEndpoint> distinct = new LinkedHashMap<>();
        plan.runtimes().forEach(r -> r.endpoints().forEach(e -> distinct.putIfAbsent(e.key(), e)));
        for (PlannedEndpoint e : distinct.values()) {
            EndpointTrial trial = trials.get(e.key());
            if (trial == null || !trial.served()) {
                continue;
            }
            RegistryAccess access = e.registryId() == null ? null : prepared.accesses().get(e.registryId());
            try {
                RegistryClient client = access != null ? clients.shared(access, measureOptions, prepared.proxy())
                    : clients.sharedUpstream(e.reference().domain(), measureOptions, prepared.proxy());
                measured.put(e.key(), trial.withMeasurement(measurer.measure(client, e, platform(prepared))));
            } catch (IllegalArgumentException ex) {
                measured.put(e.key(), trial.withMeasurement(Measurement.skipped("the stored settings cannot be used")));
            }
        }
        return measured;
    }

    private static io.registryconsole.distribution.Platform platform(Prepared prepared) {
        String platform = prepared.environment().platform();
        return io.registryconsole.distribution.Platform.parse(platform == null || platform.isBlank() ? "linux/amd64" : platform);
    }

    /**
     * When the image an endpoint serves was built (its config's {@code created}), for the environment's platform; empty
     * when the endpoint does not say or cannot be asked. Only for messages: never fails the plan.
     */
    private java.util.Optional<java.time.Instant> created(PlannedEndpoint endpoint, String digest, Prepared prepared) {
        RegistryAccess access = endpoint.registryId() == null ? null : prepared.accesses().get(endpoint.registryId());
        if (endpoint.registryId() != null && access == null) {
            return java.util.Optional.empty();
        }
        try {
            RegistryClient client = access != null ? clients.shared(access, trialOptions, prepared.proxy())
                : clients.sharedUpstream(endpoint.reference().domain(), trialOptions, prepared.proxy());
            var manifest = client.resolve(endpoint.reference().withDigest(io.registryconsole.distribution.Digest.parse(digest)),
                platform(prepared));
            return client.created(manifest);
        } catch (RegistryException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Why the image an endpoint serves under {@code digest} has nothing for the environment's platform; empty when it
     * fits, or cannot be told without spending a pull: on a registry that counts them (its HEAD carries RateLimit
     * headers: Docker Hub) only the HEAD is asked, and a single-platform image's platform stays unknown.
     */
    private java.util.Optional<String> platformProblem(PlannedEndpoint endpoint, String digest, Prepared prepared) {
        RegistryAccess access = endpoint.registryId() == null ? null : prepared.accesses().get(endpoint.registryId());
        if (endpoint.registryId() != null && access == null) {
            return java.util.Optional.empty();
        }
        io.registryconsole.distribution.Platform platform = platform(prepared);
        try {
            RegistryClient client = access != null ? clients.shared(access, trialOptions, prepared.proxy())
                : clients.sharedUpstream(endpoint.reference().domain(), trialOptions, prepared.proxy());
            var known = singleImages.get(digest);
            if (known.isEmpty()) {
                var image = endpoint.reference().withDigest(io.registryconsole.distribution.Digest.parse(digest));
                if (client.head(image).rateLimit().isPresent()) {
                    return java.util.Optional.empty();
                }
                var manifest = client.resolve(image, platform); // PLATFORM_NOT_FOUND for an index without it
                if (manifest.platform().isPresent()) {
                    return java.util.Optional.empty();
                }
                known = java.util.Optional.of(singleImages.remember(client, manifest, io.registryconsole.distribution.PullListener.NONE));
            }
            known.get().requireFits(endpoint.reference(), platform);
            return java.util.Optional.empty();
        } catch (RegistryException e) {
            return e.category() == Category.PLATFORM_NOT_FOUND ? java.util.Optional.of(e.getMessage()) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
