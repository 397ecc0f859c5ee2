package io.registryconsole.replication;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.registryconsole.check.Diagnosis;
import io.registryconsole.check.DiagnosisContext;
import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.ImageCopier;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.registry.RegistryAccess;

/**
 * One replication while it runs, in two phases on two pools. Planning, digest-first, on a wide pool
 * ({@link ReplicationProperties#checks()} at once, since a HEAD is cheap): each repository's tags are listed once on
 * the source and once on the target, then every matching tag is HEADed on the source and, when the target lists it,
 * on the target (a tag the target does not list needs no question: it differs); its signatures, SBOMs and
 * attestations (cosign's {@code sha256-<hex>.sig/.att/.sbom} tags and the OCI fallback tag {@code sha256-<hex>},
 * found in the source's one tag list) are checked the same way. An image whose digests match on both sides, and
 * whose referrer tags do too, is {@code UP_TO_DATE} at once without another request, so a re-sync of an up-to-date
 * target costs one tag list per repository and one HEAD per tag on each side. Copying, on a narrow pool
 * ({@link ReplicationProperties#images()} at once, each image on its own thread, so one image waiting out a
 * registry's Retry-After does not hold up the others), gets only what differs; for an image it copied it also asks
 * the source's referrers API.
 */
final class ReplicationJob {

    /** cosign's and the OCI tag fallback's tags: handled as referrers of their image, never as images. */
    static final Pattern REFERRER_TAG = Pattern.compile("^sha256-[0-9a-f]{64}(\\.sig|\\.att|\\.sbom)?$");

    /** What a job reports while it runs. */
    interface Sink {
        void image(ReplicationView.Image image);

        void progress(long bytesCopied);
    }

    /** A tag's digest on the source (what the copy would put there) and on the target (empty: none there). */
    private record Check(Digest wanted, Optional<Digest> current) {
        boolean upToDate() {
            return current.isPresent() && current.get().equals(wanted);
        }
    }

    /** A referrer tag of an image as planned: checked, or failed while checking. */
    private record ReferrerCheck(String tag, Digest subject, Check check, RegistryException failure) {
        boolean settled() {
            return failure != null || check.upToDate();
        }
    }

    /** One tag as planned: its check, the digests its referrers hang on, its referrer tags. */
    private record Plan(String repository, String tag, String targetRepository, Optional<Platform> platform, Check image,
                        List<Digest> subjects, List<ReferrerCheck> referrers) {
        boolean needsCopy() {
            return !image.upToDate() || referrers.stream().anyMatch(r -> !r.settled());
        }
    }

    private final long id;
    private final ReplicationStore.Spec spec;
    private final ImageCopier copier;
    private final RegistryAccess source;
    private final RegistryAccess target;
    private final Diagnosis diagnosis;
    private final int parallelImages;
    private final int parallelChecks;
    private final int maxTags;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger copied = new AtomicInteger();
    private final AtomicInteger mounted = new AtomicInteger();
    private final AtomicInteger present = new AtomicInteger();
    private final List<ReplicationView.Image> results = new ArrayList<>();
    /** Every task of the run (listings, checks, copies); a task adds the ones it starts before it ends. */
    private final Queue<Future<?>> work = new ConcurrentLinkedQueue<>();

    ReplicationJob(long id, ReplicationStore.Spec spec, ImageCopier copier, RegistryAccess source, RegistryAccess target,
                   Diagnosis diagnosis, int parallelImages, int parallelChecks, int maxTags) {
        this.id = id;
        this.spec = spec;
        this.copier = copier;
        this.source = source;
        this.target = target;
        this.diagnosis = diagnosis;
        this.parallelImages = parallelImages;
        this.parallelChecks = Math.max(parallelChecks, parallelImages);
        this.maxTags = maxTags;
    }

    long id() {
        return id;
    }

    void cancel() {
        cancelled.set(true);
        copier.cancel();
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    ReplicationStore.Totals totals() {
        return new ReplicationStore.Totals(bytes.get(), copied.get(), mounted.get(), present.get());
    }

    /** Runs to the end; returns every image's result (also given to the sink as each finishes). */
    List<ReplicationView.Image> run(Sink sink) {
        Pattern tags = spec.tags() == null || spec.tags().isBlank() ? null : Pattern.compile(spec.tags());
        Optional<Platform> platform = "ALL".equals(spec.platforms()) ? Optional.empty() : Optional.of(Platform.parse(spec.platforms()));
        String prefix = spec.targetPrefix() == null ? "" : spec.targetPrefix();
        ExecutorService checks = pool("check", parallelChecks);
        ExecutorService images = pool("image", parallelImages);
        try {
            for (String repository : spec.repositories()) {
                work.add(checks.submit(() -> list(sink, repository, prefix + repository, tags, platform, checks, images)));
            }
            awaitAll();
        } finally {
            checks.shutdownNow();
            images.shutdownNow();
            copier.close();
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    private ExecutorService pool(String name, int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "replication-" + id + "-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for every task, also those started by the tasks waited for (they are queued before their parent ends). */
    private void awaitAll() {
        for (Future<?> f = work.poll(); f != null; f = work.poll()) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // the tasks record their own failures
            }
        }
    }

    /** One repository: its tag lists on both sides, then a check per matching tag. */
    private void list(Sink sink, String repository, String targetRepository, Pattern tags, Optional<Platform> platform,
                      ExecutorService checks, ExecutorService images) {
        if (cancelled.get()) {
            return;
        }
        List<String> all;
        try {
            all = copier.sourceTags(repository, maxTags);
        } catch (RegistryException e) {
            record(sink, new ReplicationView.Image(repository, "*", targetRepository, null, null, ImageOutcome.FAILED, 0,
                explain(e, repository)));
            return;
        }
        Set<String> listed = new HashSet<>(all); // referrer tags are found here, not asked for per image
        Set<String> onTarget = targetTags(targetRepository);
        for (String tag : all) {
            if (REFERRER_TAG.matcher(tag).matches() || tags != null && !tags.matcher(tag).find()) {
                continue;
            }
            work.add(checks.submit(() -> check(sink, repository, tag, targetRepository, platform, listed, onTarget, images)));
        }
    }

    /**
     * The target repository's tags, or null when they are not known for sure (listing refused, or more than
     * {@code maxTags}): then every tag is asked for with a HEAD. A repository the target does not have has none.
     */
    private Set<String> targetTags(String targetRepository) {
        try {
            List<String> listed = copier.targetTags(targetRepository, maxTags);
            return listed.size() >= maxTags ? null : new HashSet<>(listed);
        } catch (RegistryException e) {
            return e.category() == Category.REPOSITORY_NOT_FOUND ? Set.of() : null;
        }
    }

    /** Planning of one tag: the digests on both sides, its referrer tags'; copies go to the image pool, the rest is recorded here. */
    private void check(Sink sink, String repository, String tag, String targetRepository, Optional<Platform> platform, Set<String> listed,
                       Set<String> onTarget, ExecutorService images) {
        if (cancelled.get()) {
            return;
        }
        Optional<Digest> tagged = Optional.empty();
        try {
            tagged = copier.sourceDigest(repository, tag);
            Optional<Digest> wanted = platform.isEmpty() ? tagged : copier.sourceDigest(repository, tag, platform);
            if (wanted.isEmpty()) {
                throw new RegistryException(Category.MANIFEST_NOT_FOUND, "the tag " + repository + ":" + tag + " disappeared from the source");
            }
            Check image = new Check(wanted.get(), targetDigest(targetRepository, tag, onTarget));
            List<Digest> subjects = new ArrayList<>(List.of(wanted.get()));
            if (!tagged.get().equals(wanted.get())) {
                subjects.add(tagged.get());
            }
            List<ReferrerCheck> referrers = new ArrayList<>();
            if (spec.withReferrers()) {
                for (Digest subject : subjects) {
                    for (String referrerTag : ImageCopier.referrerTags(subject, listed)) {
                        ReferrerCheck r = checkReferrer(repository, referrerTag, targetRepository, subject, onTarget);
                        if (r != null) { // null: the referrer tag vanished from the source between its listing and its HEAD
                            referrers.add(r);
                        }
                    }
                }
            }
            Plan plan = new Plan(repository, tag, targetRepository, platform, image, subjects, referrers);
            if (plan.needsCopy() && !spec.dryRun() && !cancelled.get()) {
                Digest taggedDigest = tagged.get();
                work.add(images.submit(() -> complete(sink, plan, taggedDigest)));
            } else {
                complete(sink, plan, tagged.get());
            }
        } catch (RegistryException e) {
            record(sink, failed(repository, tag, targetRepository, tagged.map(Digest::toString).orElse(null), null, e));
        } catch (RuntimeException e) {
            record(sink, unexpected(repository, tag, targetRepository, e));
        }
    }

    /** The target's digest for a tag: none without asking when the target's tag list lacks it, else one HEAD. */
    private Optional<Digest> targetDigest(String targetRepository, String tag, Set<String> onTarget) {
        if (onTarget != null && !onTarget.contains(tag)) {
            return Optional.empty();
        }
        return copier.targetDigest(targetRepository, tag);
    }

    private ReferrerCheck checkReferrer(String repository, String tag, String targetRepository, Digest subject, Set<String> onTarget) {
        try {
            Optional<Digest> digest = copier.sourceDigest(repository, tag);
            if (digest.isEmpty()) {
                return null;
            }
            return new ReferrerCheck(tag, subject, new Check(digest.get(), targetDigest(targetRepository, tag, onTarget)), null);
        } catch (RegistryException e) {
            return new ReferrerCheck(tag, subject, null, e);
        }
    }

    /** Records (and copies, where it differs) a planned tag and its referrers: the image first, then what refers to it. */
    private void complete(Sink sink, Plan plan, Digest tagged) {
        String repository = plan.repository();
        String targetRepository = plan.targetRepository();
        if (cancelled.get()) {
            return;
        }
        try {
            ReplicationView.Image result;
            try {
                result = apply(repository, plan.tag(), targetRepository, plan.image(), plan.platform(), null);
            } catch (RegistryException e) {
                record(sink, failed(repository, plan.tag(), targetRepository, tagged.toString(), null, e));
                return;
            }
            record(sink, result);
            for (ReferrerCheck r : plan.referrers()) {
                try {
                    if (r.failure() != null) {
                        throw r.failure();
                    }
                    record(sink, apply(repository, r.tag(), targetRepository, r.check(), Optional.empty(), r.subject()));
                } catch (RegistryException e) {
                    record(sink, failed(repository, r.tag(), targetRepository, null, r.subject().toString(), e));
                }
            }
            if (result.outcome() == ImageOutcome.COPIED) {
                for (Digest subject : plan.subjects()) {
                    apiReferrers(sink, repository, targetRepository, subject);
                }
            }
        } catch (RuntimeException e) {
            record(sink, unexpected(repository, plan.tag(), targetRepository, e));
        }
    }

    /** The referrers API only for what was just copied: an up-to-date re-sync stays at one HEAD per tag. */
    private void apiReferrers(Sink sink, String repository, String targetRepository, Digest subject) {
        List<io.registryconsole.distribution.Referrer> listed;
        try {
            listed = copier.apiReferrers(repository, subject);
        } catch (RegistryException e) {
            return; // the image is copied; a source whose referrer listing fails only loses that extra
        }
        for (var referrer : listed) {
            String digest = referrer.digest().toString();
            try {
                record(sink, one(repository, digest, targetRepository, referrer.digest(), Optional.empty(), subject));
            } catch (RegistryException e) {
                record(sink, failed(repository, digest, targetRepository, digest, subject.toString(), e));
            }
        }
    }

    /** A planned check's result: up to date, would copy (dry run), or copied now. */
    private ReplicationView.Image apply(String repository, String reference, String targetRepository, Check check,
                                        Optional<Platform> platform, Digest referrerOf) {
        String referrer = referrerOf == null ? null : referrerOf.toString();
        if (check.upToDate()) {
            return new ReplicationView.Image(repository, reference, targetRepository, check.wanted().toString(), referrer,
                ImageOutcome.UP_TO_DATE, 0, null);
        }
        if (spec.dryRun()) {
            return new ReplicationView.Image(repository, reference, targetRepository, check.wanted().toString(), referrer,
                ImageOutcome.WOULD_COPY, 0, null);
        }
        return copy(repository, reference, targetRepository, platform, referrer);
    }

    private ReplicationView.Image failed(String repository, String reference, String targetRepository, String digest, String referrerOf,
                                         RegistryException e) {
        String subject = repository + (reference.contains(":") ? "@" : ":") + reference;
        return new ReplicationView.Image(repository, reference, targetRepository, digest, referrerOf, ImageOutcome.FAILED, 0, explain(e, subject));
    }

    private static ReplicationView.Image unexpected(String repository, String tag, String targetRepository, RuntimeException e) {
        return new ReplicationView.Image(repository, tag, targetRepository, null, null, ImageOutcome.FAILED, 0,
            new ReplicationView.Failure(Category.SERVER_ERROR, "the copy failed unexpectedly: " + e.getClass().getSimpleName(),
                "See the console's log."));
    }

    /** Digest-first: HEAD on the target; copy only when it differs. {@code reference} is a tag or, for API referrers, a digest. */
    private ReplicationView.Image one(String repository, String reference, String targetRepository, Digest wanted,
                                      Optional<Platform> platform, Digest referrerOf) {
        Check check = new Check(wanted, copier.targetDigest(targetRepository, reference));
        return apply(repository, reference, targetRepository, check, platform, referrerOf);
    }

    private ReplicationView.Image copy(String repository, String reference, String targetRepository, Optional<Platform> platform,
                                       String referrer) {
        boolean byDigest = reference.contains(":");
        AtomicLong imageBytes = new AtomicLong();
        ImageCopier.CopyResult result = copier.copy(repository, reference, targetRepository, byDigest ? null : reference, platform,
            new ImageCopier.CopyListener() {
                @Override
                public void blobDone(Digest digest, long size, ImageCopier.BlobOutcome outcome) {
                    if (outcome == ImageCopier.BlobOutcome.COPIED) {
                        imageBytes.addAndGet(size);
                    }
                }
            });
        bytes.addAndGet(result.bytesCopied());
        copied.addAndGet(result.blobsCopied());
        mounted.addAndGet(result.blobsMounted());
        present.addAndGet(result.blobsPresent());
        return new ReplicationView.Image(repository, reference, targetRepository, result.digest().toString(), referrer, ImageOutcome.COPIED,
            result.bytesCopied(), null);
    }

    private void record(Sink sink, ReplicationView.Image image) {
        if (cancelled.get() && image.outcome() == ImageOutcome.FAILED && image.failure() != null
            && image.failure().category() == Category.CANCELLED) {
            return; // a cancelled image is not a result
        }
        synchronized (results) {
            results.add(image);
        }
        sink.image(image);
        if (image.bytesCopied() > 0) {
            sink.progress(bytes.get()); // an up-to-date image moves no byte: no progress event for it
        }
    }

    /** Category, message and remediation, explained for the side that failed (source or target). */
    private ReplicationView.Failure explain(RegistryException e, String subject) {
        boolean targetSide = e.phase().map(p -> p.name().equals("BLOB_UPLOAD") || p.name().equals("MANIFEST_PUT")).orElse(false)
            || e.request().map(r -> r.contains(hostPort(target.url())) && !hostPort(target.url()).equals(hostPort(source.url()))).orElse(false);
        RegistryAccess side = targetSide ? target : source;
        DiagnosisContext context = DiagnosisContext.of(side);
        var explained = diagnosis.explain(e, context);
        return new ReplicationView.Failure(explained.category(), (targetSide ? "target: " : "source: ") + e.getMessage(),
            explained.remediation());
    }

    private static String hostPort(String url) {
        try {
            java.net.URI u = java.net.URI.create(url.contains("://") ? url : "https://" + url);
            return u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
