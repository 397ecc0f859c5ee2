package io.registryconsole.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * One replication while it runs: lists each repository's tags, then, digest-first, for every matching tag asks both
 * sides for its digest (one HEAD each) and copies only what differs; images go in parallel up to
 * {@link ReplicationProperties#images()}, each on its own thread, so one image waiting out a registry's
 * Retry-After does not hold up the others. A tag's signatures, SBOMs and attestations (cosign's
 * {@code sha256-<hex>.sig/.att/.sbom} tags, the OCI fallback tag {@code sha256-<hex>}, and what the referrers API
 * lists) follow their image the same way.
 */
final class ReplicationJob {

    /** cosign's and the OCI tag fallback's tags: handled as referrers of their image, never as images. */
    static final Pattern REFERRER_TAG = Pattern.compile("^sha256-[0-9a-f]{64}(\\.sig|\\.att|\\.sbom)?$");

    /** What a job reports while it runs. */
    interface Sink {
        void image(ReplicationView.Image image);

        void progress(long bytesCopied);
    }

    private final long id;
    private final ReplicationStore.Spec spec;
    private final ImageCopier copier;
    private final RegistryAccess source;
    private final RegistryAccess target;
    private final Diagnosis diagnosis;
    private final int parallelImages;
    private final int maxTags;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger copied = new AtomicInteger();
    private final AtomicInteger mounted = new AtomicInteger();
    private final AtomicInteger present = new AtomicInteger();
    private final List<ReplicationView.Image> results = new ArrayList<>();

    ReplicationJob(long id, ReplicationStore.Spec spec, ImageCopier copier, RegistryAccess source, RegistryAccess target,
                   Diagnosis diagnosis, int parallelImages, int maxTags) {
        this.id = id;
        this.spec = spec;
        this.copier = copier;
        this.source = source;
        this.target = target;
        this.diagnosis = diagnosis;
        this.parallelImages = parallelImages;
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
        ExecutorService images = Executors.newFixedThreadPool(parallelImages, r -> {
            Thread t = new Thread(r, "replication-" + id + "-image");
            t.setDaemon(true);
            return t;
        });
        try {
            // Repositories are listed in parallel too (on the same threads): on a re-sync the tag lists are a tenth of
            // the requests, and listing them one after another was most of its time.
            java.util.Queue<Future<?>> work = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Future<?>> listings = new ArrayList<>();
            for (String repository : spec.repositories()) {
                listings.add(images.submit(() -> {
                    if (cancelled.get()) {
                        return;
                    }
                    String targetRepository = prefix + repository;
                    List<String> all;
                    try {
                        all = copier.sourceTags(repository, maxTags);
                    } catch (RegistryException e) {
                        record(sink, new ReplicationView.Image(repository, "*", targetRepository, null, null, ImageOutcome.FAILED, 0,
                            explain(e, repository)));
                        return;
                    }
                    java.util.Set<String> listed = new java.util.HashSet<>(all); // referrer tags are looked up per image
                    for (String tag : all) {
                        if (REFERRER_TAG.matcher(tag).matches() || tags != null && !tags.matcher(tag).find()) {
                            continue;
                        }
                        work.add(images.submit(() -> replicate(sink, repository, tag, targetRepository, platform, listed)));
                    }
                }));
            }
            awaitAll(listings);
            awaitAll(work);
        } finally {
            images.shutdownNow();
            copier.close();
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    private void awaitAll(java.util.Collection<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // replicate() and the listings record their own failures
            }
        }
    }

    private void replicate(Sink sink, String repository, String tag, String targetRepository, Optional<Platform> platform,
                           java.util.Set<String> sourceTags) {
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
            ReplicationView.Image result = one(repository, tag, targetRepository, wanted.get(), platform, null);
            record(sink, result);
            if (!spec.withReferrers() || result.outcome() == ImageOutcome.FAILED) {
                return;
            }
            List<Digest> subjects = new ArrayList<>(List.of(wanted.get()));
            if (!tagged.get().equals(wanted.get())) {
                subjects.add(tagged.get());
            }
            for (Digest subject : subjects) {
                for (String referrerTag : ImageCopier.referrerTags(subject, sourceTags)) {
                    referrerTag(sink, repository, referrerTag, targetRepository, subject);
                }
                if (result.outcome() == ImageOutcome.COPIED) {
                    // the referrers API only for what was just copied: an up-to-date re-sync stays at one HEAD per tag
                    List<io.registryconsole.distribution.Referrer> listed;
                    try {
                        listed = copier.apiReferrers(repository, subject);
                    } catch (RegistryException e) {
                        listed = List.of(); // the image is copied; a source whose referrer listing fails only loses that extra
                    }
                    for (var referrer : listed) {
                        try {
                            record(sink, one(repository, referrer.digest().toString(), targetRepository, referrer.digest(),
                                Optional.empty(), subject));
                        } catch (RegistryException e) {
                            record(sink, new ReplicationView.Image(repository, referrer.digest().toString(), targetRepository,
                                referrer.digest().toString(), subject.toString(), ImageOutcome.FAILED, 0, explain(e, repository + "@" + referrer.digest())));
                        }
                    }
                }
            }
        } catch (RegistryException e) {
            record(sink, new ReplicationView.Image(repository, tag, targetRepository, tagged.map(Digest::toString).orElse(null), null,
                ImageOutcome.FAILED, 0, explain(e, repository + ":" + tag)));
        } catch (RuntimeException e) {
            record(sink, new ReplicationView.Image(repository, tag, targetRepository, null, null, ImageOutcome.FAILED, 0,
                new ReplicationView.Failure(Category.SERVER_ERROR, "the copy failed unexpectedly: " + e.getClass().getSimpleName(),
                    "See the console's log.")));
        }
    }

    private void referrerTag(Sink sink, String repository, String tag, String targetRepository, Digest subject) {
        try {
            Optional<Digest> digest = copier.sourceDigest(repository, tag);
            if (digest.isPresent()) {
                record(sink, one(repository, tag, targetRepository, digest.get(), Optional.empty(), subject));
            }
        } catch (RegistryException e) {
            record(sink, new ReplicationView.Image(repository, tag, targetRepository, null, subject.toString(), ImageOutcome.FAILED, 0,
                explain(e, repository + ":" + tag)));
        }
    }

    /** Digest-first: HEAD on the target; copy only when it differs. {@code reference} is a tag or, for API referrers, a digest. */
    private ReplicationView.Image one(String repository, String reference, String targetRepository, Digest wanted,
                                      Optional<Platform> platform, Digest referrerOf) {
        String referrer = referrerOf == null ? null : referrerOf.toString();
        boolean byDigest = reference.contains(":");
        Optional<Digest> current = copier.targetDigest(targetRepository, reference);
        if (current.isPresent() && current.get().equals(wanted)) {
            return new ReplicationView.Image(repository, reference, targetRepository, wanted.toString(), referrer, ImageOutcome.UP_TO_DATE, 0, null);
        }
        if (spec.dryRun()) {
            return new ReplicationView.Image(repository, reference, targetRepository, wanted.toString(), referrer, ImageOutcome.WOULD_COPY, 0, null);
        }
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
        sink.progress(bytes.get());
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
