package io.registryconsole.replication;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditableChange;
import io.registryconsole.check.Diagnosis;
import io.registryconsole.connect.RegistryClients;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.ImageCopier;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.shared.ConflictException;
import io.registryconsole.shared.FieldProblem;
import io.registryconsole.shared.InvalidInputException;
import io.registryconsole.shared.NotFoundException;
import io.registryconsole.shared.PageView;
import io.registryconsole.shared.EventStream;

/**
 * Replications: validated, stored as QUEUED (with an audit entry), run on a bounded pool, followed through
 * server-sent events, cancellable, stored with a result per image.
 */
@Service
public class ReplicationService {

    static final String ENTITY_TYPE = "REPLICATION";
    private static final Logger log = LoggerFactory.getLogger(ReplicationService.class);
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern PREFIX = Pattern.compile("(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/)*");

    private final ReplicationStore store;
    private final RegistryService registries;
    private final RegistryClients clients;
    private final ReplicationMetrics metrics;
    private final ReplicationProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Diagnosis diagnosis = Diagnosis.systemClock();
    private final Clock clock = Clock.systemUTC();
    private final ThreadPoolExecutor pool;
    private final Map<Long, Running> active = new ConcurrentHashMap<>();
    /** Owns the replications this instance queues (heartbeat, closed by another instance when it stops marking them). */
    private final String instanceId = java.util.UUID.randomUUID().toString();

    /** events: {@code state}, {@code image} (one image finished, with its outcome), {@code progress} (bytes copied), {@code end} */
    private record Running(ReplicationJob job, EventStream<ReplicationView> events) {
    }

    ReplicationService(ReplicationStore store, RegistryService registries, RegistryClients clients, ReplicationMetrics metrics,
                       ReplicationProperties properties, ApplicationEventPublisher events, PlatformTransactionManager transactionManager) {
        this.store = store;
        this.registries = registries;
        this.clients = clients;
        this.metrics = metrics;
        this.properties = properties;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "replication-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        pool.allowCoreThreadTimeOut(true);
    }

    /** A validated request with the registries it names. */
    record Validated(ReplicationStore.Spec spec, RegistryAccess source, RegistryAccess target) {
    }

    /**
     * Checks a request without storing anything.
     *
     * @throws InvalidInputException naming every bad field
     */
    Validated validate(ReplicationRequest request, Long ruleId, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        RegistryAccess source = registry(request.sourceRegistryId(), "sourceRegistryId", problems);
        RegistryAccess target = registry(request.targetRegistryId(), "targetRegistryId", problems);
        List<String> repositories = new ArrayList<>();
        if (request.repositories() == null || request.repositories().stream().allMatch(r -> r == null || r.isBlank())) {
            problems.add(new FieldProblem("repositories", "name at least one repository of the source"));
        } else {
            for (String r : request.repositories()) {
                if (r == null || r.isBlank()) {
                    continue;
                }
                String repo = r.strip();
                if (repo.length() > 255 || !REPOSITORY.matcher(repo).matches()) {
                    problems.add(new FieldProblem("repositories", "\"" + cut(repo) + "\" is not a repository name (lowercase, e.g. team/app)"));
                } else if (!repositories.contains(repo)) {
                    repositories.add(repo);
                }
            }
        }
        String tags = blankToNull(request.tags());
        if (tags != null) {
            try {
                Pattern.compile(tags);
            } catch (PatternSyntaxException e) {
                problems.add(new FieldProblem("tags", "not a regular expression: " + e.getDescription()));
            }
            if (tags.length() > 500) {
                problems.add(new FieldProblem("tags", "at most 500 characters"));
            }
        }
        String prefix = blankToNull(request.targetPrefix());
        if (prefix != null && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix != null && (prefix.length() > 200 || !PREFIX.matcher(prefix).matches())) {
            problems.add(new FieldProblem("targetPrefix", "must be repository path parts ending in /, e.g. mirror/"));
        }
        String platforms = blankToNull(request.platforms()) == null ? "ALL" : request.platforms().strip();
        if (!platforms.equalsIgnoreCase("ALL")) {
            try {
                platforms = Platform.parse(platforms).toString();
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("platforms", "ALL or one platform such as linux/amd64"));
            }
        } else {
            platforms = "ALL";
        }
        if (source != null && target != null && source.id() == target.id() && prefix == null) {
            problems.add(new FieldProblem("targetPrefix", "copying a registry onto itself needs a target prefix"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean withReferrers = request.withReferrers() == null || request.withReferrers();
        boolean dryRun = request.dryRun() != null && request.dryRun();
        return new Validated(new ReplicationStore.Spec(source.id(), source.name(), target.id(), target.name(), repositories, tags, prefix,
            platforms, withReferrers, dryRun, ruleId, actor), source, target);
    }

    private RegistryAccess registry(Long id, String field, List<FieldProblem> problems) {
        if (id == null) {
            problems.add(new FieldProblem(field, "required"));
            return null;
        }
        var access = registries.findAccess(id);
        if (access.isEmpty()) {
            problems.add(new FieldProblem(field, "no registry with id " + id));
            return null;
        }
        return access.get();
    }

    /** The tags each repository of the request would copy (its pattern applied), for the form's preview; nothing is stored. */
    public Map<String, List<String>> previewTags(ReplicationRequest request) {
        Validated v = validate(request, null, null);
        Map<String, List<String>> preview = new LinkedHashMap<>();
        Pattern tags = v.spec().tags() == null ? null : Pattern.compile(v.spec().tags());
        try (ImageCopier copier = copier(v)) {
            for (String repository : v.spec().repositories()) {
                try {
                    preview.put(repository, copier.sourceTags(repository, properties.maxTags()).stream()
                        .filter(t -> !ReplicationJob.REFERRER_TAG.matcher(t).matches() && (tags == null || tags.matcher(t).find())).toList());
                } catch (io.registryconsole.distribution.RegistryException e) {
                    preview.put(repository, List.of("(" + e.category() + ": " + e.getMessage() + ")"));
                }
            }
        }
        return preview;
    }

    /** Validates, stores and queues a replication. */
    public ReplicationView start(ReplicationRequest request, String actor) {
        return start(validate(request, null, actor));
    }

    ReplicationView start(Validated v) {
        long id = transactions.execute(status -> {
            long newId = store.insert(v.spec(), instanceId, clock.instant());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("source", v.source().name());
            after.put("target", v.target().name());
            after.put("repositories", v.spec().repositories());
            after.put("tags", v.spec().tags());
            after.put("targetPrefix", v.spec().targetPrefix());
            after.put("platforms", v.spec().platforms());
            after.put("withReferrers", v.spec().withReferrers());
            after.put("dryRun", v.spec().dryRun());
            events.publishEvent(AuditableChange.created(ENTITY_TYPE, newId, v.source().name() + " → " + v.target().name(), after));
            return newId;
        });
        ReplicationJob job = new ReplicationJob(id, v.spec(), copier(v), v.source(), v.target(), diagnosis, properties.images(),
            properties.checks(), properties.maxTags());
        Running running = new Running(job, new EventStream<>(view -> view.status().isFinished()));
        active.put(id, running);
        pool.execute(() -> run(running));
        return get(id);
    }

    private ImageCopier copier(Validated v) {
        ClientOptions options = ClientOptions.builder().connectTimeout(properties.timeout()).firstByteTimeout(properties.timeout())
            .idleTimeout(properties.timeout()).overallDeadline(properties.deadline()).maxParallelDownloads(properties.blobs()).build();
        // shared clients: their TLS context, connections and tokens outlive one replication (a re-sync of an up-to-date
        // target is mostly HEADs, and building two clients cost more than all of them on a loaded machine)
        RegistryClient source = clients.shared(v.source(), options);
        RegistryClient target = clients.shared(v.target(), options);
        return new ImageCopier(source, target, new ImageCopier.Options(properties.blobs(), 256L * 1024 * 1024));
    }

    private void run(Running running) {
        ReplicationJob job = running.job();
        long id = job.id();
        try {
            if (job.isCancelled() || !store.markRunning(id, clock.instant())) {
                finish(running, ReplicationStatus.CANCELLED, List.of());
                return;
            }
            running.events().send("state", get(id));
            ImageResults stored = new ImageResults(id, store, transactions, clock);
            List<ReplicationView.Image> images;
            try {
                images = job.run(new ReplicationJob.Sink() {
                    @Override
                    public void image(ReplicationView.Image image) {
                        stored.add(image);
                        metrics.image(image.outcome(), image.failure() == null ? null : image.failure().category());
                        metrics.bytes(image.bytesCopied());
                        running.events().send("image", image);
                    }

                    @Override
                    public void progress(long bytesCopied) {
                        running.events().send("progress", Map.of("bytesCopied", bytesCopied));
                    }
                });
            } finally {
                stored.flush();
            }
            finish(running, statusOf(job, images), images);
        } catch (RuntimeException e) {
            log.warn("Replication {} failed unexpectedly", id, e);
            finish(running, ReplicationStatus.FAILED, List.of());
        }
    }

    static ReplicationStatus statusOf(ReplicationJob job, List<ReplicationView.Image> images) {
        if (job.isCancelled()) {
            return ReplicationStatus.CANCELLED;
        }
        long failed = images.stream().filter(i -> i.outcome() == ImageOutcome.FAILED).count();
        if (failed == 0) {
            return ReplicationStatus.SUCCEEDED;
        }
        return failed == images.size() ? ReplicationStatus.FAILED : ReplicationStatus.PARTIAL;
    }

    private void finish(Running running, ReplicationStatus status, List<ReplicationView.Image> images) {
        long id = running.job().id();
        ReplicationView.Failure failure = status == ReplicationStatus.FAILED
            ? images.stream().map(ReplicationView.Image::failure).filter(f -> f != null).findFirst()
                .orElse(new ReplicationView.Failure(io.registryconsole.distribution.Category.SERVER_ERROR, "the replication failed", "See the console's log."))
            : status == ReplicationStatus.CANCELLED
                ? new ReplicationView.Failure(io.registryconsole.distribution.Category.CANCELLED, "cancelled",
                    "Start it again; images already copied are found UP_TO_DATE and not sent twice.")
                : null;
        try {
            store.finish(id, status, running.job().totals(), failure, clock.instant());
            metrics.finished(status);
            running.events().end(get(id));
        } finally {
            active.remove(id);
        }
    }

    public ReplicationView get(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("replication", id));
    }

    public PageView<ReplicationView> list(int page, int size) {
        int p = Math.max(page, 0);
        int s = Math.min(Math.max(size, 1), 100);
        long total = store.count();
        return new PageView<>(store.page(p * s, s), new PageView.PageMetadata(p, s, total, (int) ((total + s - 1) / s)));
    }

    /** Cancels a queued or running replication (its images in flight stop with CANCELLED). */
    public ReplicationView cancel(long id, String actor) {
        ReplicationView view = get(id);
        if (view.status().isFinished()) {
            throw new ConflictException(ConflictException.Reason.OTHER, "replication " + id + " already finished (" + view.status() + ")");
        }
        Running running = active.get(id);
        if (running != null) {
            running.job().cancel();
        }
        transactions.executeWithoutResult(s -> events.publishEvent(new AuditableChange(AuditAction.UPDATE, ENTITY_TYPE, String.valueOf(id),
            view.sourceRegistryName() + " → " + view.targetRegistryName(), Map.of("status", view.status().name()),
            Map.of("status", "CANCELLED"))));
        return get(id);
    }

    public SseEmitter events(long id) {
        ReplicationView view = get(id);
        SseEmitter emitter = new SseEmitter(properties.deadline().toMillis());
        Running running = active.get(id);
        if (running == null) {
            EventStream.replay(emitter, view, v -> v.status().isFinished());
        } else {
            running.events().subscribe(emitter, view);
        }
        return emitter;
    }

    String instanceId() {
        return instanceId;
    }

    /**
     * Graceful stop: this instance's queued and running replications are stored as interrupted first (so the
     * cancelled jobs finishing in the meantime do not overwrite it with CANCELLED), then their jobs stop.
     */
    @PreDestroy
    void stop() {
        try {
            List<Long> closed = store.interruptAll(instanceId, clock.instant());
            if (!closed.isEmpty()) {
                log.info("Stopping: replication(s) {} stored as interrupted", closed);
            }
        } catch (RuntimeException e) {
            log.warn("Could not store the running replications as interrupted: {}", e.toString());
        }
        active.values().forEach(r -> r.job().cancel());
        pool.shutdownNow();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
