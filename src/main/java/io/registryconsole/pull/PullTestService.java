package io.registryconsole.pull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.plan.ContainerRuntime;
import io.registryconsole.plan.PlanService;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.crypto.SecretDecryptionException;
import io.registryconsole.registry.RegistryUrl;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.EventStream;

/**
 * Test pulls: validated and stored as QUEUED, run on a bounded pool (more wait in a bounded queue; beyond that a
 * request is refused), followed live through server-sent events, cancellable, and stored with their result.
 */
@Service
public class PullTestService {

    private static final Logger log = LoggerFactory.getLogger(PullTestService.class);
    private static final String DEFAULT_PLATFORM = "linux/amd64";

    private final PullTestStore store;
    private final PullRunner runner;
    private final PullMetrics metrics;
    private final RegistryService registries;
    private final io.registryconsole.environment.EnvironmentService environments;
    private final PlanService plans;
    private final PullTestProperties properties;
    private final ThreadPoolExecutor pool;
    private final TransactionTemplate transactions;
    /** Running plus waiting test pulls may not exceed concurrency + queue capacity. */
    private final Semaphore capacity;
    private final Map<Long, PullJob> active = new ConcurrentHashMap<>();
    private final String instanceId = UUID.randomUUID().toString();
    /** Polls the database for the events of test pulls that run on another instance. */
    private final java.util.concurrent.ScheduledExecutorService following = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pull-test-follow");
        t.setDaemon(true);
        return t;
    });

    PullTestService(PullTestStore store, PullRunner runner, PullMetrics metrics, RegistryService registries,
                    io.registryconsole.environment.EnvironmentService environments, PlanService plans, PullTestProperties properties,
                    PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.store = store;
        this.runner = runner;
        this.metrics = metrics;
        this.registries = registries;
        this.environments = environments;
        this.plans = plans;
        this.properties = properties;
        this.capacity = new Semaphore(properties.concurrency() + properties.queueCapacity());
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "pull-test-worker-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Refused because the queue is full. */
    public static final class BusyException extends RuntimeException {
        private final int running;
        private final int waiting;

        BusyException(int running, int waiting) {
            super("busy");
            this.running = running;
            this.waiting = waiting;
        }

        public int running() {
            return running;
        }

        public int waiting() {
            return waiting;
        }
    }

    /** This console instance, as recorded on the test pulls it runs. */
    String instanceId() {
        return instanceId;
    }

    /**
     * Validates and queues a test pull.
     *
     * @throws InvalidInputException for bad input (nothing is stored)
     * @throws BusyException when concurrency + queue capacity test pulls are already waiting or running
     */
    public PullTestView start(PullTestRequest request, String requestedBy) {
        // Reading the registry and inserting the row share one transaction: fewer round trips on the path of a pull
        // that itself takes milliseconds. The job is queued only after the commit, so the worker always finds the row.
        record Created(PullTestView view, PullJob job) {
        }
        AtomicBoolean holding = new AtomicBoolean();
        Created created = null;
        try {
            created = transactions.execute(tx -> {
                Accepted accepted = accept(request);
                if (!capacity.tryAcquire()) {
                    throw new BusyException(pool.getActiveCount(), pool.getQueue().size());
                }
                holding.set(true);
                PullTestView view = store.create(new PullTest(accepted.image(), accepted.mode(), accepted.platform().toString(),
                    accepted.runtime(), request.registryId(), accepted.registryName(), request.environmentId(), accepted.environmentName(),
                    requestedBy, accepted.maxBytes(), instanceId, java.time.Instant.now()));
                return new Created(view, new PullJob(view.id(), accepted.image(), accepted.reference(), request.registryId(),
                    accepted.registryName(), request.environmentId(), accepted.environmentName(), accepted.runtime(), accepted.platform(),
                    accepted.mode(), accepted.maxBytes(), accepted.access()));
            });
            PullJob job = created.job();
            active.put(job.id, job);
            pool.execute(() -> run(job));
            return created.view();
        } catch (RuntimeException e) {
            if (created != null) {
                active.remove(created.job().id);
            }
            if (holding.get()) {
                capacity.release();
            }
            throw e;
        }
    }

    /** {@link #start}, then waits up to {@code wait} for the result. */
    public PullTestView start(PullTestRequest request, String requestedBy, Duration wait) {
        PullTestView started = start(request, requestedBy);
        PullJob job = active.get(started.id());
        if (job == null || wait.isZero() || wait.isNegative()) {
            return job == null ? store.get(started.id()) : started;
        }
        try {
            return job.done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return store.get(started.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return store.get(started.id());
        } catch (ExecutionException e) {
            // only when the result could not be stored: the worker logged that cause once (run); the caller gets the
            // test pull as the store has it
            return store.get(started.id());
        }
    }

    public PullTestView get(long id) {
        return store.get(id);
    }

    public PageView<PullTestView> list(PullTestFilter filter, Pageable pageable) {
        return store.list(filter, pageable);
    }

    /**
     * Cancels a queued or running test pull. A running one stops within moments (its state then turns CANCELLED).
     *
     * @throws ConflictException when it already finished, or runs on another console instance
     */
    public PullTestView cancel(long id) {
        PullJob job = active.get(id);
        if (job == null) {
            PullTestView view = store.get(id);
            if (view.status().isFinished()) {
                throw new ConflictException(ConflictException.Reason.OTHER, "test pull " + id + " already finished (" + view.status() + ")");
            }
            throw new ConflictException(ConflictException.Reason.OTHER, "test pull " + id + " runs on another console instance; cancel it there");
        }
        switch (job.cancel()) {
            case WAS_QUEUED -> {
                Optional<PullTestView> cancelled = store.cancelQueued(id);
                cancelled.ifPresent(v -> finishJob(job, v));
                return cancelled.orElseGet(() -> store.get(id));
            }
            case ALREADY_FINISHED -> throw new ConflictException(ConflictException.Reason.OTHER, "test pull " + id + " already finished");
            default -> {
                return store.get(id);
            }
        }
    }

    /** The server-sent events of a test pull; a finished one gives its state and end at once. */
    public SseEmitter events(long id) {
        PullTestView current = store.get(id);
        SseEmitter emitter = new SseEmitter(properties.deadline().plusMinutes(1).toMillis());
        PullJob job = active.get(id);
        if (job == null && !current.status().isFinished()) {
            // queued or running on another console instance: follow it through the database
            RemotePullFollower.follow(emitter, current, () -> store.get(id), following, properties.followInterval());
        } else if (job == null) {
            EventStream.replay(emitter, current, view -> view.status().isFinished());
        } else {
            job.events.subscribe(emitter, current);
        }
        return emitter;
    }

    // ---------------------------------------------------------------- the worker

    private void run(PullJob job) {
        try {
            if (!job.start()) {
                return; // cancelled while queued: already stored as CANCELLED
            }
            store.markRunning(job.id);
            if (job.events.hasSubscribers()) {
                job.events.send("state", store.get(job.id));
            }
            PullRunner.Result result;
            try {
                result = runner.run(job);
            } catch (RuntimeException e) {
                log.error("Test pull {} failed unexpectedly", job.id, e);
                result = new PullRunner.Result(new PullOutcome(PullStatus.FAILED, null, null, List.of(), null, null, 0, null, List.of(), null,
                    List.of(), new PullTestView.Failure(Category.SERVER_ERROR, "The test pull failed unexpectedly in the console.",
                    "Look at the console's log and try again.", List.of())), job.registryName);
            }
            PullOutcome outcome = job.interruptedByShutdown() && result.outcome().status() == PullStatus.CANCELLED
                ? result.outcome().interrupted() : result.outcome();
            PullTestView finished = store.finish(job.id, outcome);
            metrics.record(result.registryName(), job.environmentName, outcome);
            finishJob(job, finished);
        } catch (RuntimeException e) {
            log.error("Test pull {} could not be stored", job.id, e);
            job.finished();
            job.events.abort();
            active.remove(job.id);
            job.done.completeExceptionally(e);
            capacity.release();
        }
    }

    private void finishJob(PullJob job, PullTestView finished) {
        job.finished();
        job.events.end(finished);
        active.remove(job.id);
        job.done.complete(finished);
        capacity.release();
    }

    /**
     * Graceful stop (after the web server stopped taking requests): running test pulls are stopped and stored as
     * interrupted (FAILED, category CANCELLED, "the console was stopped"), queued ones as CANCELLED with the same
     * message; what does not finish in time is closed here too, so another instance has nothing to clean up.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        following.shutdownNow();
        for (PullJob job : new ArrayList<>(active.values())) {
            job.interruptForShutdown();
        }
        pool.shutdown();
        // the pool is not interrupted: its threads write to the database
        pool.awaitTermination(10, TimeUnit.SECONDS);
        try {
            List<Long> closed = store.interruptAll(instanceId);
            if (!closed.isEmpty()) {
                log.info("Stored {} queued or running test pull(s) as interrupted by the shutdown: {}", closed.size(), closed);
            }
        } catch (RuntimeException e) {
            log.warn("Could not store the test pulls interrupted by the shutdown (another instance closes them later): {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- validation

    private record Accepted(String image, ImageReference reference, PullMode mode, Platform platform, ContainerRuntime runtime,
                            String registryName, String environmentName, long maxBytes, RegistryAccess access) {
    }

    private Accepted accept(PullTestRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.image() == null || request.image().isBlank()) {
            problems.add(new FieldProblem("image", "is required, e.g. library/nginx:1.25"));
        } else if (request.image().length() > 512) {
            problems.add(new FieldProblem("image", "is longer than 512 characters"));
        }
        if ((request.registryId() == null) == (request.environmentId() == null)) {
            problems.add(new FieldProblem(request.registryId() == null ? "registryId" : "environmentId",
                "give exactly one of registryId and environmentId"));
        }
        if (request.runtime() != null && request.registryId() != null) {
            problems.add(new FieldProblem("runtime", "applies to environment test pulls only"));
        }
        long cap = properties.maxBytes().toBytes();
        if (request.maxBytes() != null && (request.maxBytes() < 1 || request.maxBytes() > cap)) {
            problems.add(new FieldProblem("maxBytes", "must be 1 to " + cap + " (console.pull-tests.max-bytes)"));
        }
        String registryName = null;
        String registryUrl = null;
        RegistryAccess access = null;
        String environmentName = null;
        String platformText = request.platform();
        if (request.registryId() != null) {
            try {
                access = registries.findAccess(request.registryId()).orElse(null);
            } catch (SecretDecryptionException e) {
                // the run reports it; the registry exists
                registryName = registries.get(request.registryId()).name();
                registryUrl = registries.get(request.registryId()).url();
            }
            if (access != null) {
                registryName = access.name();
                registryUrl = access.url();
            } else if (registryName == null) {
                problems.add(new FieldProblem("registryId", "no such registry"));
            }
        } else if (request.environmentId() != null) {
            try {
                EnvironmentView env = environments.get(request.environmentId());
                environmentName = env.name();
                if (platformText == null || platformText.isBlank()) {
                    platformText = env.platform();
                }
            } catch (NotFoundException e) {
                problems.add(new FieldProblem("environmentId", "no such environment"));
            }
        }
        Platform platform = null;
        try {
            platform = Platform.parse(platformText == null || platformText.isBlank() ? DEFAULT_PLATFORM : platformText);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("platform", "must be os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8"));
        }
        ImageReference reference = null;
        String image = null;
        if (request.image() != null && !request.image().isBlank() && request.image().length() <= 512) {
            try {
                reference = registryUrl != null ? relativeTo(registryUrl, request.image().strip()) : ImageReference.parse(request.image().strip());
                image = registryUrl != null ? reference.toString() : request.image().strip();
            } catch (RegistryException e) {
                problems.add(new FieldProblem("image", PlanService.invalidImage(e).problems().get(0).message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        PullMode mode = request.mode() == null ? PullMode.MANIFEST : request.mode();
        ContainerRuntime runtime = request.environmentId() == null ? null
            : request.runtime() == null ? ContainerRuntime.CONTAINERD : request.runtime();
        return new Accepted(image, reference, mode, platform, runtime, registryName, environmentName,
            request.maxBytes() == null ? cap : request.maxBytes(), access);
    }

    /**
     * An image asked of one registry: a name without a registry is a repository there ({@code alpine} stays
     * {@code alpine}, not Docker Hub's {@code library/alpine}), except at Docker Hub itself.
     */
    static ImageReference relativeTo(String registryUrl, String image) {
        String hostPort = RegistryUrl.hostAndPort(registryUrl);
        if (registryUrl.equals(RegistryUrl.DOCKER_HUB)) {
            ImageReference ref = ImageReference.parse(image);
            return ref.domain().equals(ImageReference.DOCKER_HUB_DOMAIN) ? ref
                : ImageReference.parse(ImageReference.DOCKER_HUB_DOMAIN + "/" + ref.repository() + suffix(ref));
        }
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        boolean namesRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (namesRegistry) {
            ImageReference ref = ImageReference.parse(image);
            // asked of this registry whatever host the reference names: keep the repository, use this host
            return ImageReference.parse(hostPort + "/" + ref.repository() + suffix(ref));
        }
        return ImageReference.parse(hostPort + "/" + image);
    }

    private static String suffix(ImageReference ref) {
        return ref.digest().map(d -> "@" + d).orElseGet(() -> ":" + ref.tag().orElse("latest"));
    }
}
