package io.registryconsole.distribution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies images from one registry to another, digest-first: the source's manifests and indexes go to the target byte
 * for byte (so every digest on the target equals the source's), each blob only when the target lacks it — checked
 * with a HEAD, linked by a cross-repository mount when it is in another repository of the same registry, else
 * streamed from the source's GET into the target's upload. One small class per push step ({@link BlobChecker},
 * {@link BlobMounter}, {@link BlobPusher}, {@link ManifestPusher}) does the talking; this facade decides.
 *
 * <p>Thread-safe: a replication copies several images at once through one copier, which remembers which blobs it
 * already put where (so a second repository mounts instead of uploading, and two images sharing a layer upload it
 * once). {@link #cancel()} stops everything in flight.
 */
public final class ImageCopier implements AutoCloseable {

    /** How a blob reached the target. */
    public enum BlobOutcome {
        COPIED, MOUNTED, PRESENT
    }

    /**
     * @param parallelBlobs blobs of one image in flight at once
     * @param chunkBytes    blobs larger than this go up in PATCH chunks of this size, smaller ones in one PUT
     */
    public record Options(int parallelBlobs, long chunkBytes) {
        public Options {
            if (parallelBlobs < 1 || chunkBytes < 1024) {
                throw new IllegalArgumentException("parallelBlobs >= 1 and chunkBytes >= 1024 required");
            }
        }

        public static Options defaults() {
            return new Options(4, 256L * 1024 * 1024);
        }
    }

    /** Progress of a copy; called from several threads, must be quick. */
    public interface CopyListener {
        CopyListener NONE = new CopyListener() {
        };

        default void blobDone(Digest digest, long size, BlobOutcome outcome) {
        }

        /** Bytes of a blob on their way so far (every few megabytes). */
        default void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
        }

        /** A chunked upload broke and goes on from {@code offset}, the bytes the target holds. */
        default void blobResumed(Digest digest, long offset) {
        }
    }

    /**
     * What one copy did.
     *
     * @param digest the digest now under the target tag (the source's; with a platform, that platform's manifest)
     */
    public record CopyResult(Digest digest, String mediaType, long bytesCopied, int blobsCopied, int blobsMounted, int blobsPresent,
                             int manifests) {
    }

    private final RegistryClient source;
    private final RegistryClient target;
    private final Options options;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "image-copy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Operation> running = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CompletableFuture<BlobOutcome>> blobs = new ConcurrentHashMap<>();
    /** A repository of the target that holds each blob this copier saw there (the source of later mounts). */
    private final ConcurrentHashMap<Digest, String> onTarget = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    public ImageCopier(RegistryClient source, RegistryClient target, Options options) {
        this.source = source;
        this.target = target;
        this.options = options;
    }

    /** {@code repository:<name>:pull,push} (plus {@code repository:<from>:pull} for a mount). */
    static String pushScope(String repository, String mountFrom) {
        return "repository:" + repository + ":pull,push" + (mountFrom == null ? "" : " repository:" + mountFrom + ":pull");
    }

    // ---------------------------------------------------------------- digest-first questions

    /** Tags of a source repository (Link pagination followed). */
    public List<String> sourceTags(String repository, int max) {
        return source.listTags(repository, max);
    }

    /**
     * Tags of a target repository (Link pagination followed), asked with the push scope the copy's HEADs and puts use,
     * so a token registry issues no extra token for it.
     */
    public List<String> targetTags(String repository, int max) {
        return target.listTags(repository, max, pushScope(RegistryClient.checkedRepository(repository), null));
    }

    /** The digest the source gives a tag: one HEAD; empty when there is no such tag. */
    public Optional<Digest> sourceDigest(String repository, String tag) {
        return headTag(source, repository, tag, ManifestResolver.pullScope(RegistryClient.checkedRepository(repository)));
    }

    /**
     * The digest a copy with {@code platform} would put under the tag: the tag's own digest (one HEAD) without a
     * platform, else the platform's manifest in the tag's index (a GET of the index).
     */
    public Optional<Digest> sourceDigest(String repository, String tag, Optional<Platform> platform) {
        if (platform.isEmpty()) {
            return sourceDigest(repository, tag);
        }
        String repo = RegistryClient.checkedRepository(repository);
        Operation op = begin(source, PullListener.NONE);
        try {
            ManifestResolver.Fetched top = source.manifests(op).fetch(op, repo, tag, null);
            ManifestDocument doc = ManifestDocument.parse(top.body(), top.contentType(), repo + ":" + tag);
            if (doc instanceof ManifestDocument.Index index) {
                return Optional.of(ManifestResolver.choose(index, platform.get(), repo + ":" + tag, ManifestResolver.platformsOf(index)).digest());
            }
            return Optional.of(top.digest());
        } catch (RegistryException e) {
            if (e.category() == Category.MANIFEST_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } finally {
            end(op);
        }
    }

    /** The digest the target has under a tag: one HEAD; empty when it has none. */
    public Optional<Digest> targetDigest(String repository, String tag) {
        return headTag(target, repository, tag, pushScope(RegistryClient.checkedRepository(repository), null));
    }

    private Optional<Digest> headTag(RegistryClient client, String repository, String tag, String scope) {
        String repo = RegistryClient.checkedRepository(repository);
        Operation op = begin(client, PullListener.NONE);
        try {
            String subject = repo + (tag.contains(":") ? "@" : ":") + tag;
            boolean isTarget = client == target;
            RequestSpec spec = RequestSpec.of("HEAD", client.activeEndpoint(op).api(repo + "/manifests/" + tag),
                    isTarget ? Phase.MANIFEST_PUT : Phase.MANIFEST, isTarget ? StatusFailures.Target.UPLOAD : StatusFailures.Target.MANIFEST,
                    subject)
                    .registryAuth(scope)
                    .header("Accept", MediaTypes.ACCEPT)
                    .passThrough(Set.of(404));
            Response r = client.executor().small(op, spec, 0);
            if (r.status() == 404) {
                return Optional.empty();
            }
            Optional<String> header = r.header("docker-content-digest");
            if (header.isPresent()) {
                return Optional.of(Digest.parse(header.get().strip()));
            }
            // a registry that does not say the digest on HEAD: compute it from the body
            return Optional.of(client.manifests(op).fetch(op, repo, tag, null).digest());
        } finally {
            end(op);
        }
    }

    /**
     * Referrers of a digest that the source lists through the OCI 1.1 referrers API (the trust feature's discovery,
     * {@link RegistryClient#referrers}); those found under tags are left out, they travel as tags
     * ({@link #referrerTags}). Empty when the source has no referrers API (distribution 2.8).
     */
    public List<Referrer> apiReferrers(String repository, Digest digest) {
        return source.referrers(repository, digest).stream().filter(r -> r.foundAt() == ReferrerSource.REFERRERS_API).toList();
    }

    /**
     * The tags among {@code tags} that carry referrers of {@code digest}: the OCI tag fallback {@code sha256-<hex>}
     * and cosign's {@code sha256-<hex>.sig}, {@code .att} and {@code .sbom}.
     */
    public static List<String> referrerTags(Digest digest, java.util.Collection<String> tags) {
        String base = digest.algorithm() + "-" + digest.hex();
        List<String> found = new ArrayList<>();
        for (String suffix : List.of("", ".sig", ".att", ".sbom")) {
            if (tags.contains(base + suffix)) {
                found.add(base + suffix);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- copy

    /**
     * Copies {@code reference} (a tag or digest) of {@code sourceRepository} to {@code targetRepository}, under
     * {@code targetTag} (null: by digest only). With a platform, an index is narrowed to that platform's manifest.
     */
    public CopyResult copy(String sourceRepository, String reference, String targetRepository, String targetTag,
                           Optional<Platform> platform, CopyListener listener) {
        String from = RegistryClient.checkedRepository(sourceRepository);
        String to = RegistryClient.checkedRepository(targetRepository);
        CopyListener l = listener == null ? CopyListener.NONE : listener;
        Operation op = begin(source, new PullListener() {
            @Override
            public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
                l.blobProgress(digest, bytesSoFar, totalBytes);
            }

            @Override
            public void uploadResumed(Digest digest, long offset) {
                l.blobResumed(digest, offset);
            }
        });
        try {
            Counters counters = new Counters();
            ManifestResolver manifests = source.manifests(op);
            Digest pinned = reference.contains(":") ? Digest.parse(reference) : null;
            ManifestResolver.Fetched top = manifests.fetch(op, from, reference, pinned);
            String subject = from + (pinned != null ? "@" : ":") + reference;
            ManifestDocument doc = ManifestDocument.parse(top.body(), top.contentType(), subject);
            ManifestResolver.Fetched chosen = top;
            if (doc instanceof ManifestDocument.Index index && platform.isPresent()) {
                List<Platform> available = ManifestResolver.platformsOf(index);
                Descriptor child = ManifestResolver.choose(index, platform.get(), subject, available);
                chosen = manifests.fetch(op, from, child.digest().toString(), child.digest());
                doc = ManifestDocument.parse(chosen.body(), chosen.contentType(), from + "@" + child.digest());
            }
            String mediaType = mediaTypeOf(chosen, doc);
            copyContent(op, doc, from, to, counters, l);
            putManifest(op, new ManifestPusher(target.executor(), target.activeEndpoint(op)), to,
                    targetTag != null ? targetTag : chosen.digest().toString(), chosen.body(), mediaType, chosen.digest(), doc, counters);
            return new CopyResult(chosen.digest(), mediaType, counters.bytes.get(), counters.copied.get(), counters.mounted.get(),
                    counters.present.get(), counters.manifests.get());
        } finally {
            end(op);
        }
    }

    private static String mediaTypeOf(ManifestResolver.Fetched fetched, ManifestDocument doc) {
        String fromHeader = MediaTypes.base(fetched.contentType());
        if (!fromHeader.isBlank() && !fromHeader.equals("application/json")) {
            return fromHeader;
        }
        return doc instanceof ManifestDocument.Index i ? i.mediaType() : ((ManifestDocument.Image) doc).mediaType();
    }

    /** What a manifest refers to: an index's manifests (each copied and put by digest), an image's blobs. */
    private void copyContent(Operation op, ManifestDocument doc, String from, String to, Counters counters, CopyListener l) {
        if (doc instanceof ManifestDocument.Image image) {
            List<Descriptor> all = new ArrayList<>();
            all.add(image.config());
            all.addAll(image.layers());
            copyBlobs(op, all.stream().filter(d -> d.urls().isEmpty()).distinct().toList(), from, to, counters, l);
            return;
        }
        ManifestDocument.Index index = (ManifestDocument.Index) doc;
        ManifestResolver manifests = source.manifests(op);
        ManifestPusher pusher = new ManifestPusher(target.executor(), target.activeEndpoint(op));
        for (Descriptor child : index.manifests()) {
            ManifestResolver.Fetched fetched = manifests.fetch(op, from, child.digest().toString(), child.digest());
            ManifestDocument childDoc = ManifestDocument.parse(fetched.body(), fetched.contentType(), from + "@" + child.digest());
            copyContent(op, childDoc, from, to, counters, l);
            putManifest(op, pusher, to, child.digest().toString(), fetched.body(), mediaTypeOf(fetched, childDoc), child.digest(), childDoc,
                    counters);
        }
    }

    /** Puts a manifest whose content the target holds now, and counts it; a refusal of its foreign layers says so. */
    private static void putManifest(Operation op, ManifestPusher pusher, String to, String reference, byte[] body, String mediaType,
                                    Digest digest, ManifestDocument doc, Counters counters) {
        try {
            pusher.put(op, to, reference, body, mediaType, digest);
        } catch (RegistryException e) {
            throw foreignLayersRefused(e, doc, to + "@" + digest);
        }
        counters.manifests.incrementAndGet();
    }

    /**
     * A manifest with foreign (non-distributable) layers, those listed with {@code urls}, whose put the target refused:
     * those layers are not copied (as skopeo does not by default), so the target must accept their URLs, and
     * docker-registry's refusal (500 UNKNOWN plus MANIFEST_BLOB_UNKNOWN, by default it allows no URL) says nothing of it.
     */
    static RegistryException foreignLayersRefused(RegistryException e, ManifestDocument doc, String subject) {
        if (!(doc instanceof ManifestDocument.Image image) || image.layers().stream().allMatch(d -> d.urls().isEmpty())
                || e.httpStatus().isEmpty()) {
            return e;
        }
        long foreign = image.layers().stream().filter(d -> !d.urls().isEmpty()).count();
        RegistryException.Builder b = RegistryException.builder(Category.TARGET_REJECTED, "the target refused the manifest " + subject
                + ", which lists " + foreign + " foreign (non-distributable) layer(s) by URL: they are not copied, and the target does not "
                + "accept their URLs (it answered " + e.getMessage() + ")").phase(Phase.MANIFEST_PUT).status(e.httpStatus().getAsInt())
                .registryError(e.registryErrorCode().orElse(null), e.registryErrorMessage().orElse(null)).cause(e);
        e.request().ifPresent(b::request);
        return b.build();
    }

    private void copyBlobs(Operation op, List<Descriptor> list, String from, String to, Counters counters, CopyListener l) {
        if (list.isEmpty()) {
            return;
        }
        Operation group = op.child();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Runnable worker = () -> {
            while (firstFailure.get() == null) {
                int i = next.getAndIncrement();
                if (i >= list.size()) {
                    return;
                }
                try {
                    Descriptor d = list.get(i);
                    BlobOutcome outcome = copyBlob(group, d, from, to, counters);
                    l.blobDone(d.digest(), d.size(), outcome);
                } catch (RuntimeException e) {
                    if (firstFailure.compareAndSet(null, e)) {
                        group.cancel(); // one failed blob fails the image: stop its other blobs
                    }
                    return;
                }
            }
        };
        int parallel = Math.min(options.parallelBlobs(), list.size());
        List<CompletableFuture<Void>> helpers = new ArrayList<>();
        for (int i = 1; i < parallel; i++) {
            helpers.add(CompletableFuture.runAsync(worker, pool));
        }
        worker.run();
        for (CompletableFuture<Void> h : helpers) {
            try {
                h.join();
            } catch (CompletionException ignored) {
                // workers record their failures themselves
            }
        }
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            throw op.isCancelled() ? op.cancelledException(Phase.BLOB_UPLOAD) : failure;
        }
    }

    private BlobOutcome copyBlob(Operation op, Descriptor blob, String from, String to, Counters counters) {
        String key = to + "@" + blob.digest();
        CompletableFuture<BlobOutcome> mine = new CompletableFuture<>();
        CompletableFuture<BlobOutcome> earlier = blobs.putIfAbsent(key, mine);
        if (earlier != null) {
            // another image of this copier put (or is putting) the same blob in the same repository
            try {
                earlier.join();
                counters.present.incrementAndGet();
                return BlobOutcome.PRESENT;
            } catch (CompletionException e) {
                blobs.remove(key, earlier);
                return copyBlob(op, blob, from, to, counters);
            }
        }
        try {
            BlobOutcome outcome = transfer(op, blob, from, to, counters);
            onTarget.putIfAbsent(blob.digest(), to);
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException e) {
            blobs.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private BlobOutcome transfer(Operation op, Descriptor blob, String from, String to, Counters counters) {
        RegistryEndpoint targetEndpoint = target.activeEndpoint(op);
        if (new BlobChecker(target.executor(), targetEndpoint).exists(op, to, blob.digest())) {
            counters.present.incrementAndGet();
            return BlobOutcome.PRESENT;
        }
        Optional<String> mountFrom = sameRegistry(op) ? Optional.of(from)
                : Optional.ofNullable(onTarget.get(blob.digest())).filter(repo -> !repo.equals(to));
        BlobMounter mounter = new BlobMounter(target.executor(), targetEndpoint);
        BlobPusher pusher = new BlobPusher(target.executor(), pool, options.chunkBytes());
        for (int attempt = 1; ; attempt++) {
            BlobMounter.Started started = mounter.start(op, to, blob.digest(), attempt == 1 ? mountFrom : Optional.empty());
            if (started.mounted()) {
                counters.mounted.incrementAndGet();
                return BlobOutcome.MOUNTED;
            }
            try {
                long bytes = pusher.push(op, source.blobs(op), from, blob, to, started.location());
                counters.bytes.addAndGet(bytes);
                counters.copied.incrementAndGet();
                return BlobOutcome.COPIED;
            } catch (RegistryException e) {
                Optional<Duration> wait = retryWait(e, attempt);
                if (wait.isEmpty()) {
                    throw e;
                }
                sleep(op, wait.get());
            }
        }
    }

    /**
     * A streamed upload cannot be repeated by the request layer; the whole blob starts again (a fresh upload session,
     * a fresh download) after the target's Retry-After or a short pause, on this image's thread only.
     */
    private Optional<Duration> retryWait(RegistryException e, int attempt) {
        if (attempt >= 3 || e.phase().filter(p -> p == Phase.BLOB_UPLOAD).isEmpty()) {
            return Optional.empty();
        }
        if (e.category() == Category.RATE_LIMITED && e.retryAfter().isPresent()
                && e.retryAfter().get().compareTo(target.options().maxRetryAfter()) <= 0) {
            return e.retryAfter();
        }
        int status = e.httpStatus().orElse(0);
        if (e.category() == Category.SERVER_ERROR && (status == 502 || status == 503 || status == 504)) {
            return Optional.of(Duration.ofMillis(500L * attempt));
        }
        if (BlobPusher.connectionBroke(e)) {
            return Optional.of(Duration.ofMillis(200L * attempt)); // a monolithic PUT, or a target that cannot resume
        }
        return Optional.empty();
    }

    private static void sleep(Operation op, Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            op.checkActive(Phase.BLOB_UPLOAD);
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw op.cancelledException(Phase.BLOB_UPLOAD);
            }
        }
    }

    private boolean sameRegistry(Operation op) {
        return RequestExecutor.origin(source.activeEndpoint(op).baseUri()).equals(RequestExecutor.origin(target.activeEndpoint(op).baseUri()));
    }

    // ---------------------------------------------------------------- lifecycle

    private Operation begin(RegistryClient client, PullListener listener) {
        Operation op = client.newOperation(listener);
        running.add(op);
        if (cancelled) {
            op.cancel();
        }
        return op;
    }

    private void end(Operation op) {
        running.remove(op);
    }

    /** Stops every copy in flight (they fail with CANCELLED) and refuses new ones. */
    public void cancel() {
        cancelled = true;
        running.forEach(Operation::cancel);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Counters {
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger copied = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();
        final AtomicInteger present = new AtomicInteger();
        final AtomicInteger manifests = new AtomicInteger();
    }
}
