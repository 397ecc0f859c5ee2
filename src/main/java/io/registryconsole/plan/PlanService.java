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
    private final ExecutorService pool;
    private final Clock clock = Clock.systemUTC();

    PlanService(EnvironmentService environments, RegistryService registries, RegistryClients clients, Diagnosis diagnosis,
                RateLimitGauges rateLimits) {
        this.environments = environments;
        this.registries = registries;
        this.clients = clients;
        this.diagnosis = diagnosis;
        this.rateLimits = rateLimits;
        this.trialOptions = ClientOptions.builder().connectTimeout(Duration.ofSeconds(5)).tlsHandshakeTimeout(Duration.ofSeconds(5))
            .firstByteTimeout(Duration.ofSeconds(10)).overallDeadline(TRIAL_TIMEOUT).maxAttempts(1).maxRetryAfter(Duration.ZERO)
            .userAgent("registry-console-plan").build();
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
     */
    public record Prepared(EnvironmentView environment, StaticPlan plan, Map<Long, RegistryAccess> accesses) {
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
        return new Prepared(env, plan, accesses);
    }

    public static InvalidInputException invalidImage(RegistryException e) {
        // The client's message may quote the input; the answer does not.
        return new InvalidInputException("image", "is not a valid image reference (" + Category.INVALID_REFERENCE + "): write it as "
            + "[registry/]repository[:tag|@digest] in lowercase, e.g. library/nginx:1.25");
    }

    /** The plan of an image in an environment; with {@code live}, every endpoint tried at once. */
    public PullPlanView plan(long environmentId, String image, boolean live) {
        Prepared prepared = prepare(environmentId, image);
        StaticPlan plan = prepared.plan();
        Map<String, EndpointTrial> trials = live ? tryAll(plan, prepared.accesses()) : Map.of();
        List<PlanFlag> flags = new ArrayList<>(plan.flags());
        List<PullPlanView.RuntimeView> runtimes = new ArrayList<>();
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
        return new PullPlanView(prepared.environment().id(), prepared.environment().name(), plan.reference().toString(), plan.shortName(),
            runtimes, flags, live, clock.instant());
    }

    private Map<String, EndpointTrial> tryAll(StaticPlan plan, Map<Long, RegistryAccess> accesses) {
        Map<String, PlannedEndpoint> distinct = new LinkedHashMap<>();
        plan.runtimes().forEach(r -> r.endpoints().forEach(e -> distinct.putIfAbsent(e.key(), e)));
        Map<String, CompletableFuture<EndpointTrial>> running = new LinkedHashMap<>();
        distinct.forEach((key, e) -> running.put(key, CompletableFuture.supplyAsync(() -> trial(e, accesses), pool)));
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
            RegistryClient client = access != null ? clients.shared(access, trialOptions)
                : clients.sharedUpstream(endpoint.reference().domain(), trialOptions);
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

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
