package io.registryconsole.pull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.registryconsole.check.Diagnosis;
import io.registryconsole.check.DiagnosisContext;
import io.registryconsole.check.Explanation;
import io.registryconsole.connect.PhaseRecorder;
import io.registryconsole.connect.RateLimitGauges;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.distribution.BlobSink;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.ManifestHead;
import io.registryconsole.distribution.Phase;
import io.registryconsole.distribution.PhaseTiming;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.PullHandle;
import io.registryconsole.distribution.PullListener;
import io.registryconsole.distribution.ProxySettings;
import io.registryconsole.distribution.PullResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.distribution.ResolvedManifest;
import io.registryconsole.distribution.SignatureStatus;
import io.registryconsole.distribution.SignatureVerdict;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.plan.PlanFlag;
import io.registryconsole.plan.PlanService;
import io.registryconsole.plan.PlannedEndpoint;
import io.registryconsole.plan.RuntimePlan;
import io.registryconsole.plan.SingleImages;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;

/**
 * Does the network part of a test pull: the endpoint of a registry, or the endpoints of an environment in the
 * runtime's order (failing over as the runtime would and recording every attempt), each as a manifest resolve or a
 * full verified pull.
 */
@Component
class PullRunner {

    /** Failures that are the same at every endpoint: trying the next one cannot help. */
    private static final Set<Category> FINAL = Set.of(Category.CANCELLED, Category.INVALID_REFERENCE, Category.TOO_LARGE,
        Category.PLATFORM_NOT_FOUND, Category.SIGNATURE_MISSING, Category.SIGNATURE_INVALID);
    private static final int SUGGESTIONS = 10;

    private final RegistryService registries;
    private final PlanService plans;
    private final RegistryClients clients;
    private final Diagnosis diagnosis;
    private final RateLimitGauges rateLimits;
    private final PullTestProperties properties;
    private final EnvironmentService environments;
    private final SingleImages singleImages;

    PullRunner(RegistryService registries, PlanService plans, RegistryClients clients, Diagnosis diagnosis, RateLimitGauges rateLimits,
               PullTestProperties properties, EnvironmentService environments, SingleImages singleImages) {
        this.environments = environments;
        this.singleImages = singleImages;
        this.registries = registries;
        this.plans = plans;
        this.clients = clients;
        this.diagnosis = diagnosis;
        this.rateLimits = rateLimits;
        this.properties = properties;
    }

    /** One endpoint to try, with the stored access of its registry (null: an upstream nothing is configured for). */
    private record Target(String url, Long registryId, String registryName, String role, ImageReference reference, RegistryAccess access,
                          ProxySettings proxy) {
    }

    /** What one attempt gave: a success (result fields) or a failure. */
    private record Attempt(Target target, long durationMs, List<PhaseTiming> timings, String digest, String mediaType,
                           List<String> platforms, Long bytes, Integer layers, Long throughput, PullTestView.Failure failure,
                           String indexDigest, PullTestView.Signature signature) {
        boolean ok() {
            return failure == null;
        }

        Attempt withSignature(PullTestView.Signature found) {
            return new Attempt(target, durationMs, timings, digest, mediaType, platforms, bytes, layers, throughput, failure, indexDigest, found);
        }
    }

    /** @return the outcome and the registry name that decided it (for metrics) */
    record Result(PullOutcome outcome, String registryName) {
    }

    Result run(PullJob job) {
        long start = System.nanoTime();
        List<Target> targets;
        int parallel = ClientOptions.defaults().maxParallelDownloads();
        SignaturePolicy policy = SignaturePolicy.NONE;
        try {
            if (job.registryId != null) {
                RegistryAccess access = job.access != null ? job.access
                    : registries.findAccess(job.registryId).orElseThrow(() -> new NotFoundException("registry", job.registryId));
                targets = List.of(new Target(access.url(), access.id(), access.name(), "UPSTREAM", job.reference, access, null));
            } else {
                PlanService.Prepared prepared = plans.prepare(job.environmentId, job.image);
                policy = SignaturePolicy.of(environments.trustPolicy(job.environmentId));
                parallel = prepared.environment().maxConcurrentDownloads();
                RuntimePlan plan = prepared.plan().runtime(job.runtime);
                targets = plan.endpoints().stream().map(e -> target(e, prepared.accesses(), prepared.proxy())).toList();
                if (targets.isEmpty()) {
                    String why = prepared.plan().flags().stream().filter(f -> f.runtime() == job.runtime).map(PlanFlag::message).findFirst()
                        .orElse(job.runtime + " has no endpoint for " + job.image);
                    return failed(job, start, List.of(), null, new PullTestView.Failure(Category.INVALID_REFERENCE, Diagnosis.sentence(why),
                        "Write the image with its registry, e.g. docker.io/library/nginx:1.25.", List.of()));
                }
            }
        } catch (NotFoundException e) {
            return failed(job, start, List.of(), null, new PullTestView.Failure(Category.SERVER_ERROR, Diagnosis.sentence(e.getMessage()
                + " (deleted after the test pull was requested)"), "Choose an existing registry or environment.", List.of()));
        } catch (InvalidInputException e) {
            return failed(job, start, List.of(), null, new PullTestView.Failure(Category.INVALID_REFERENCE, "The image reference does not parse.",
                diagnosis.remediation(Category.INVALID_REFERENCE, null, DiagnosisContext.upstream("")), List.of()));
        }

        ClientOptions options = options(job.maxBytes, parallel);
        List<PullTestView.Attempt> views = new ArrayList<>();
        Attempt last = null;
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            if (job.cancelRequested()) {
                break;
            }
            if (System.nanoTime() - start > properties.deadline().toNanos()) {
                last = failure(target, 0, List.of(), new RegistryException(Category.TRANSFER_TIMEOUT, "the test pull ran past its deadline of "
                    + properties.deadline().toSeconds() + " s before " + target.url() + " was tried"), job);
                break;
            }
            last = attempt(job, i + 1, target, options, policy);
            PullTestView.Attempt view = new PullTestView.Attempt(target.url(), target.registryId(), target.registryName(), target.role(),
                last.ok() ? "OK" : last.failure().category().name(), last.durationMs(), last.ok() ? null : last.failure().message());
            views.add(view);
            job.events.send("attempt", view);
            if (last.ok() || FINAL.contains(last.failure().category())) {
                break;
            }
        }
        if (job.cancelRequested() && (last == null || !last.ok())) {
            Target where = last != null ? last.target() : targets.get(0);
            return failed(job, start, views, last, explain(new RegistryException(Category.CANCELLED, "cancelled by a person"), where, job,
                List.of()));
        }
        if (last.ok()) {
            long duration = millis(start);
            return new Result(new PullOutcome(PullStatus.SUCCEEDED, last.digest(), last.mediaType(), last.platforms(), last.bytes(),
                last.layers(), duration, last.throughput(), phases(last.timings()), last.target().url(), views, null, last.signature()),
                last.target().registryName());
        }
        return failed(job, start, views, last, last.failure());
    }

    private Result failed(PullJob job, long start, List<PullTestView.Attempt> views, Attempt last, PullTestView.Failure failure) {
        PullStatus status = failure.category() == Category.CANCELLED ? PullStatus.CANCELLED : PullStatus.FAILED;
        List<PullTestView.Phase> phases = last == null ? List.of() : phases(last.timings());
        String registry = last != null ? last.target().registryName() : job.registryName;
        PullTestView.Signature signature = last != null && last.signature() != null ? last.signature() : PullTestView.Signature.NOT_REACHED;
        return new Result(new PullOutcome(status, null, null, List.of(), null, null, millis(start), null, phases, null, views, failure,
            signature), registry);
    }

    // ---------------------------------------------------------------- one endpoint

    private Attempt attempt(PullJob job, int number, Target target, ClientOptions options, SignaturePolicy policy) {
        long start = System.nanoTime();
        PhaseRecorder recorder = new PhaseRecorder(new EventListener(job, number, target.url()));
        try {
            RegistryClient client = target.access() != null ? clients.shared(target.access(), options, target.proxy())
                : clients.sharedUpstream(target.reference().domain(), options, target.proxy());
            Attempt pulled = job.mode == PullMode.MANIFEST ? manifest(job, target, client, recorder, start)
                : full(job, target, client, recorder, start);
            if (!policy.requireSignature()) {
                return pulled.withSignature(PullTestView.Signature.NOT_LOOKED_AT);
            }
            SignatureVerdict verdict = interruptibly(job, () -> policy.verify(client, target.reference().repository(),
                pulled.indexDigest(), pulled.digest()));
            PullTestView.Signature found = new PullTestView.Signature(verdict.status(), verdict.kind().orElse(null), verdict.detail());
            if (verdict.status() == SignatureStatus.VERIFIED) {
                return pulled.withSignature(found);
            }
            Category category = verdict.status() == SignatureStatus.UNSIGNED ? Category.SIGNATURE_MISSING : Category.SIGNATURE_INVALID;
            return failure(target, millis(start), recorder.timings(), new RegistryException(category, verdict.detail()), job)
                .withSignature(found);
        } catch (RegistryException e) {
            rateLimits.record(target.registryName(), e);
            RegistryException failure = job.cancelRequested() ? new RegistryException(Category.CANCELLED, "cancelled by a person") : e;
            return failure(target, millis(start), recorder.timings(), failure, job);
        } catch (IllegalArgumentException e) {
            return failure(target, millis(start), recorder.timings(), new RegistryException(Category.TLS_UNTRUSTED,
                "the stored settings of '" + target.registryName() + "' cannot be used: " + e.getMessage()), job);
        }
    }

    private Attempt manifest(PullJob job, Target target, RegistryClient client, PhaseRecorder recorder, long start) {
        ImageReference ref = target.reference();
        ManifestHead head = interruptibly(job, () -> client.head(ref, recorder));
        rateLimits.record(target.registryName(), head.rateLimit());
        if (!head.isIndex() && head.digest().isPresent()) {
            String digest = head.digest().get().toString();
            if (head.rateLimit().isPresent()) {
                // A single image on a registry that counts pulls (Docker Hub: its RateLimit headers): the HEAD gives the
                // digest without spending one; its platform, which only the config declares, is left to a FULL test pull.
                return new Attempt(target, millis(start), recorder.timings(), digest, head.mediaType(), List.of(), null, null, null, null,
                    null, null);
            }
            Optional<SingleImages.Facts> known = singleImages.get(digest);
            if (known.isPresent()) {
                known.get().requireFits(ref, job.platform);
                return new Attempt(target, millis(start), recorder.timings(), digest, known.get().mediaType(), List.of(),
                    known.get().contentBytes(), known.get().layers(), null, null, null, null);
            }
        }
        ResolvedManifest m = interruptibly(job, () -> client.resolve(ref, job.platform, recorder));
        rateLimits.record(target.registryName(), m.rateLimit());
        if (m.platform().isEmpty()) {
            interruptibly(job, () -> singleImages.remember(client, m, recorder)).requireFits(ref, job.platform);
        }
        return new Attempt(target, millis(start), recorder.timings(), m.digest().toString(), m.mediaType(), platforms(m), m.contentBytes(),
            m.layers().size(), null, null, m.indexDigest().map(Digest::toString).orElse(null), null);
    }

    private Attempt full(PullJob job, Target target, RegistryClient client, PhaseRecorder recorder, long start) {
        PullHandle handle = client.pullAsync(target.reference(), job.platform, recorder, BlobSink.DISCARD);
        job.attach(handle);
        PullResult result;
        try {
            result = handle.await();
        } finally {
            job.detach();
        }
        ResolvedManifest m = result.manifest();
        rateLimits.record(target.registryName(), m.rateLimit());
        return new Attempt(target, millis(start), recorder.timings(), m.digest().toString(), m.mediaType(), platforms(m), result.bytes(),
            result.layers(), Math.round(result.bytesPerSecond()), null, m.indexDigest().map(Digest::toString).orElse(null), null);
    }

    private Attempt failure(Target target, long millis, List<PhaseTiming> timings, RegistryException e, PullJob job) {
        List<String> suggestions = List.of();
        if (e.category() == Category.MANIFEST_NOT_FOUND && target.reference().tag().isPresent()) {
            suggestions = suggestTags(target, job);
        }
        return new Attempt(target, millis, timings, null, null, List.of(), null, null, null, explain(e, target, job, suggestions), null, null);
    }

    private PullTestView.Failure explain(RegistryException e, Target target, PullJob job, List<String> suggestions) {
        DiagnosisContext context = (target.access() != null ? DiagnosisContext.of(target.access()) : DiagnosisContext.upstream(target.url()))
            .withSubject(target.reference().repository() + ":" + target.reference().manifestReference(), job.platform.toString())
            .withTagSuggestions(suggestions)
            .withByteCap(job.maxBytes);
        Explanation x = diagnosis.explain(e, context);
        return new PullTestView.Failure(x.category(), x.summary(), x.remediation(), suggestions);
    }

    /** The repository's tags, closest to the missing one first; nothing when the registry does not list them. */
    private List<String> suggestTags(Target target, PullJob job) {
        try {
            ClientOptions quick = options(job.maxBytes, 1);
            RegistryClient client = target.access() != null ? clients.shared(target.access(), quick, target.proxy())
                : clients.sharedUpstream(target.reference().domain(), quick, target.proxy());
            List<String> tags = client.listTags(target.reference().repository(), 1000);
            return TagSuggestions.closest(target.reference().tag().orElseThrow(), tags, SUGGESTIONS);
        } catch (RegistryException e) {
            return List.of(); // suggestions are a courtesy beside the real failure, which the result already reports
        }
    }

    // ---------------------------------------------------------------- helpers

    private Target target(PlannedEndpoint e, Map<Long, RegistryAccess> accesses, ProxySettings proxy) {
        return new Target(e.url(), e.registryId(), e.registryName(), e.role().name(), e.reference(),
            e.registryId() == null ? null : accesses.get(e.registryId()), proxy);
    }

    ClientOptions options(long maxBytes, int parallel) {
        Duration connect = properties.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? properties.timeout() : Duration.ofSeconds(10);
        return ClientOptions.builder()
            .connectTimeout(connect)
            .tlsHandshakeTimeout(connect)
            .firstByteTimeout(properties.timeout())
            .idleTimeout(properties.timeout())
            .overallDeadline(properties.deadline())
            .maxAttempts(properties.requestAttempts())
            .maxPullBytes(maxBytes)
            .maxParallelDownloads(Math.max(1, Math.min(parallel, 64)))
            .userAgent("registry-console-pull-test")
            .minTransferRate(properties.minRate().toBytes(), properties.minRateWindow())
            .build();
    }

    /**
     * Runs network work on this thread, interruptible by a cancel only while it runs: the interrupt status is
     * cleared before the thread goes back to database work (an interrupted JDBC call can break the connection).
     */
    private static <T> T interruptibly(PullJob job, Supplier<T> work) {
        job.attach(Thread.currentThread());
        try {
            return work.get();
        } finally {
            job.detach();
            Thread.interrupted();
        }
    }

    private static List<String> platforms(ResolvedManifest m) {
        return m.platforms().stream().map(Platform::toString).toList();
    }

    /** Wall time per phase: the union of its spans, so parallel layers count once. */
    static List<PullTestView.Phase> phases(List<PhaseTiming> timings) {
        Map<Phase, List<PhaseTiming>> byPhase = new EnumMap<>(Phase.class);
        for (PhaseTiming t : timings) {
            byPhase.computeIfAbsent(t.phase(), p -> new ArrayList<>()).add(t);
        }
        Map<String, PullTestView.Phase> phases = new LinkedHashMap<>();
        byPhase.forEach((phase, spans) -> {
            List<PhaseTiming> sorted = spans.stream().sorted(Comparator.comparing(PhaseTiming::start)).toList();
            long nanos = 0;
            Instant from = null;
            Instant to = null;
            for (PhaseTiming s : sorted) {
                if (to == null || s.start().isAfter(to)) {
                    if (to != null) {
                        nanos += Duration.between(from, to).toNanos();
                    }
                    from = s.start();
                    to = s.end();
                } else if (s.end().isAfter(to)) {
                    to = s.end();
                }
            }
            nanos += Duration.between(from, to).toNanos();
            long bytes = spans.stream().mapToLong(PhaseTiming::bytes).sum();
            String name = phase == Phase.LAYER ? "LAYERS" : phase.name();
            phases.put(name, new PullTestView.Phase(name, Math.round(nanos / 1e6), bytes));
        });
        return List.copyOf(phases.values());
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Passes the client's phase events to the test pull's subscribers, tagged with the attempt. */
    private record EventListener(PullJob job, int attempt, String endpoint) implements PullListener {

        @Override
        public void phaseStarted(Phase phase, String detail, Instant at) {
            if (job.events.hasSubscribers()) {
                job.events.send("phase", new PhaseEvent(attempt, endpoint, phase == Phase.LAYER ? "LAYERS" : phase.name(), "started", detail,
                    null, null, null));
            }
        }

        @Override
        public void phaseFinished(PhaseTiming timing) {
            if (job.events.hasSubscribers()) {
                job.events.send("phase", new PhaseEvent(attempt, endpoint, timing.phase() == Phase.LAYER ? "LAYERS" : timing.phase().name(),
                    "finished", timing.detail(), timing.duration().toMillis(), timing.bytes(),
                    timing.failed().map(Category::name).orElse(null)));
            }
        }

        @Override
        public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
            if (job.events.hasSubscribers()) {
                job.events.send("progress", new ProgressEvent(attempt, digest.toString(), bytesSoFar, totalBytes));
            }
        }
    }

    record PhaseEvent(int attempt, String endpoint, String phase, String state, String detail, Long durationMs, Long bytes, String failure) {
    }

    record ProgressEvent(int attempt, String digest, long bytes, long total) {
    }
}
