package io.registryconsole.distribution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import tools.jackson.databind.JsonNode;

/**
 * The console's client of one registry (OCI Distribution / Docker Registry HTTP API v2), on the JDK HTTP client.
 * Thread-safe; create one per registry configuration and reuse it (it keeps connections, the TLS context and
 * tokens). The first operation of a client also reports the connection phases (DNS, CONNECT, TLS, PING); later
 * operations reuse what it learned.
 *
 * <p>Every method throws {@link RegistryException} with a {@link Category} when something goes wrong.
 */
public final class RegistryClient {

    private final RegistryEndpoint configured;
    private final ClientOptions options;
    private final RegistryTrustManager trustManager;
    private final SSLContext sslContext;
    private final HttpTransport transport;
    private final RequestExecutor executor;
    private final Authenticator authenticator;
    private final ConnectionProbe probe;
    private final ProxySettings proxy;
    private final ProxyProbe proxyProbe;
    private Session session;

    /** What the first contact established: the endpoint actually used and the ping. */
    private record Session(RegistryEndpoint endpoint, PingResult ping, ManifestResolver manifests, BlobFetcher blobs,
                           RegistryException authProblem, ReferrerFinder referrers) {
    }

    private RegistryClient(RegistryEndpoint endpoint, ClientOptions options, OutboundPolicy policy, Clock clock, ProxySettings proxy) {
        this.configured = endpoint;
        this.proxy = proxy;
        this.options = options;
        int tlsPort = endpoint.baseUri().getPort() != -1 ? endpoint.baseUri().getPort() : 443;
        this.trustManager = new RegistryTrustManager(TrustMaterial.pkix(endpoint.caBundlePem()),
                endpoint.insecure() ? endpoint.host() : null, tlsPort);
        try {
            this.sslContext = SSLContext.getInstance("TLS");
            sslContext.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
        AddressGuard guard = new AddressGuard(policy);
        this.transport = new HttpTransport(sslContext, guard, options, Redaction.of(endpoint.credentials()), proxy);
        this.executor = new RequestExecutor(transport);
        this.authenticator = new Authenticator(endpoint.credentials(),
                new TokenFetcher(executor, endpoint.credentials(), endpoint.insecure(), clock), new TokenCache(clock), clock);
        executor.bind(authenticator);
        this.probe = new ConnectionProbe(guard, sslContext, trustManager, options);
        this.proxyProbe = proxy == null ? null : new ProxyProbe(proxy, options, guard);
    }

    /**
     * @throws IllegalArgumentException when the endpoint's CA bundle is not PEM
     */
    public static RegistryClient create(RegistryEndpoint endpoint, ClientOptions options, OutboundPolicy policy) {
        return new RegistryClient(endpoint, options, policy, Clock.systemUTC(), null);
    }

    /**
     * A client that reaches the registry (and its token service) through {@code proxy} where the proxy's NO_PROXY does
     * not exempt the host, as the nodes that use that proxy do.
     *
     * @param proxy null for direct connections
     */
    public static RegistryClient create(RegistryEndpoint endpoint, ClientOptions options, OutboundPolicy policy, ProxySettings proxy) {
        return new RegistryClient(endpoint, options, policy, Clock.systemUTC(), proxy);
    }

    public static RegistryClient create(RegistryEndpoint endpoint) {
        return create(endpoint, ClientOptions.defaults(), OutboundPolicy.defaults());
    }

    public RegistryEndpoint endpoint() {
        return configured;
    }

    public ClientOptions options() {
        return options;
    }

    // ---------------------------------------------------------------- ping and checks

    /** {@code GET /v2/} after DNS, connect and TLS, each timed and classified. Always contacts the registry afresh. */
    public PingResult ping() {
        return ping(PullListener.NONE);
    }

    public PingResult ping(PullListener listener) {
        Operation op = operation(listener);
        synchronized (this) {
            session = null;
            return ready(op).ping();
        }
    }

    /**
     * Verifies the stored credentials the way {@code docker login} does: a token without scope from the token service
     * (Bearer) or an authenticated {@code GET /v2/} (Basic).
     */
    public AuthResult checkAuth() {
        return checkAuth(PullListener.NONE);
    }

    public AuthResult checkAuth(PullListener listener) {
        Operation op = operation(listener);
        Session s = ready(op);
        if (s.authProblem() != null) {
            throw s.authProblem();
        }
        Optional<String> scheme = authenticator.scheme();
        boolean anonymous = authenticator.isAnonymous();
        if (scheme.isEmpty()) {
            return new AuthResult("none", anonymous, false, Optional.empty(), Optional.empty(), op.timings());
        }
        Optional<Duration> lifetime = Optional.empty();
        Optional<String> service = Optional.empty();
        if (scheme.get().equals("Bearer")) {
            Challenge bearer = authenticator.bearerChallenge().orElseThrow();
            Token token = authenticator.token(op, bearer, Set.of());
            lifetime = Optional.of(token.lifetime());
            service = bearer.realm().map(r -> URI.create(r).getHost());
        }
        Operation.Span span = op.start(Phase.AUTH, "GET /v2/ authenticated");
        try {
            RequestSpec spec = RequestSpec.of("GET", s.endpoint().api(""), Phase.AUTH, StatusFailures.Target.PING, "the registry")
                    .registryAuth(null);
            executor.small(op, spec, 64 * 1024);
            span.end(0);
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
        return new AuthResult(scheme.get(), anonymous, !anonymous, lifetime, service, op.timings());
    }

    /** Whether a repository exists and may be pulled: {@code GET /v2/<name>/tags/list?n=1}. */
    public RepositoryCheck checkRepository(String repository) {
        return checkRepository(repository, PullListener.NONE);
    }

    public RepositoryCheck checkRepository(String repository, PullListener listener) {
        String repo = validRepository(repository);
        Operation op = operation(listener);
        Session s = ready(op);
        Operation.Span span = op.start(Phase.TAGS, repo);
        try {
            RequestSpec spec = RequestSpec.of("GET", s.endpoint().api(repo + "/tags/list?n=1"), Phase.TAGS, StatusFailures.Target.TAGS, repo)
                    .registryAuth(ManifestResolver.pullScope(repo));
            Response r = executor.small(op, spec, 1024 * 1024);
            List<String> tags = parseTags(r);
            span.end(r.body().length);
            return new RepositoryCheck(repo, tags.stream().findFirst(), op.timings());
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    /**
     * Tags of a repository, following {@code Link} pagination on the same registry, at most {@code max}.
     */
    public List<String> listTags(String repository, int max) {
        return listTags(repository, max, null);
    }

    /** {@link #listTags(String, int)} under a token scope of the caller's ({@code null}: pull), e.g. the push scope a copy's target already holds. */
    List<String> listTags(String repository, int max, String scope) {
        String repo = validRepository(repository);
        Operation op = operation(PullListener.NONE);
        Session s = ready(op);
        List<String> tags = new ArrayList<>();
        URI next = s.endpoint().api(repo + "/tags/list?n=" + Math.min(Math.max(max, 1), 1000));
        Operation.Span span = op.start(Phase.TAGS, repo);
        try {
            for (int page = 0; next != null && tags.size() < max && page < 100; page++) {
                RequestSpec spec = RequestSpec.of("GET", next, Phase.TAGS, StatusFailures.Target.TAGS, repo)
                        .registryAuth(scope != null ? scope : ManifestResolver.pullScope(repo));
                Response r = executor.small(op, spec, 4L * 1024 * 1024);
                for (String tag : parseTags(r)) {
                    if (tags.size() < max) {
                        tags.add(tag);
                    }
                }
                next = nextPage(r, s.endpoint());
            }
            span.end(0);
            return tags;
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- manifests and pulls

    /** A {@code HEAD} of the manifest: digest and media type without a download or Docker Hub pull quota. */
    public ManifestHead head(ImageReference reference) {
        return head(reference, PullListener.NONE);
    }

    public ManifestHead head(ImageReference reference, PullListener listener) {
        Operation op = operation(listener);
        Session s = ready(op);
        return s.manifests().head(op, reference).withTimings(op.timings());
    }

    /** The verified image manifest of {@code reference} for {@code platform} (chosen from an index when there is one). */
    public ResolvedManifest resolve(ImageReference reference, Platform platform) {
        return resolve(reference, platform, PullListener.NONE);
    }

    public ResolvedManifest resolve(ImageReference reference, Platform platform, PullListener listener) {
        Operation op = operation(listener);
        Session s = ready(op);
        return s.manifests().resolve(op, reference, platform).withTimings(op.timings());
    }

    /**
     * Resolves, then downloads the config and every layer (in parallel up to {@link ClientOptions#maxParallelDownloads()}),
     * verifying sizes and digests while the bytes stream.
     *
     * @param sink where verified blobs go; {@link BlobSink#DISCARD} (or null) to keep nothing
     */
    public PullResult pull(ImageReference reference, Platform platform, PullListener listener, BlobSink sink) {
        return doPull(operation(listener), reference, platform, sink);
    }

    /** {@link #pull} on a background thread, cancellable through the handle. */
    public PullHandle pullAsync(ImageReference reference, Platform platform, PullListener listener, BlobSink sink) {
        Operation op = operation(listener);
        CompletableFuture<PullResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(doPull(op, reference, platform, sink));
            } catch (RegistryException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(RegistryException.builder(Category.SERVER_ERROR, "the pull failed unexpectedly: " + e)
                        .cause(e).build());
            }
        }, "registry-pull");
        thread.setDaemon(true);
        thread.start();
        return new PullHandle(result, op);
    }

    private PullResult doPull(Operation op, ImageReference reference, Platform platform, BlobSink sink) {
        long start = System.nanoTime();
        Session s = ready(op);
        ResolvedManifest manifest = s.manifests().resolve(op, reference, platform);
        long total = manifest.contentBytes();
        if (total > options.maxPullBytes()) {
            throw RegistryException.builder(Category.TOO_LARGE, reference + " has " + total + " bytes of config and layers, more than the "
                    + "limit of " + options.maxPullBytes() + " bytes for a test pull").phase(Phase.MANIFEST).build();
        }
        Optional<Platform> configPlatform = fetchConfig(op, s, manifest, sink);
        // before any layer, as containerd does: a node of another platform refuses the image at this point
        if (manifest.platform().isEmpty()) {
            configPlatform.ifPresent(declared -> requirePlatform(manifest.reference(), declared, platform));
        }
        downloadLayers(op, s, manifest, sink);
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        return new PullResult(manifest.withTimings(op.timings()), total, manifest.layers().size(), configPlatform, duration, op.timings());
    }

    private Optional<Platform> fetchConfig(Operation op, Session s, ResolvedManifest manifest, BlobSink sink) {
        Descriptor config = manifest.config();
        if (config.size() > options.maxManifestBytes()) {
            s.blobs().fetch(op, manifest.reference().repository(), config, Phase.CONFIG, sink);
            return Optional.empty();
        }
        AtomicReference<ByteArrayOutputStream> captured = new AtomicReference<>();
        BlobSink capture = descriptor -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) descriptor.size());
            captured.set(out);
            BlobSink.BlobWriter downstream = sink == null ? null : sink.open(descriptor);
            return new BlobSink.BlobWriter() {
                @Override
                public void write(ByteBuffer buffer) throws IOException {
                    ByteBuffer copy = buffer.duplicate();
                    byte[] chunk = new byte[copy.remaining()];
                    copy.get(chunk);
                    out.write(chunk);
                    if (downstream != null) {
                        downstream.write(buffer);
                    }
                }

                @Override
                public void commit() throws IOException {
                    if (downstream != null) {
                        downstream.commit();
                    }
                }

                @Override
                public void abort() {
                    if (downstream != null) {
                        downstream.abort();
                    }
                }
            };
        };
        s.blobs().fetch(op, manifest.reference().repository(), config, Phase.CONFIG, capture);
        return Json.parse(captured.get().toByteArray()).flatMap(RegistryClient::configPlatform);
    }

    /**
     * Downloads one blob of {@code reference}'s repository, verified against its descriptor, into {@code sink}
     * (e.g. a layer to measure an endpoint's throughput).
     *
     * @return the verified bytes
     */
    public long fetchBlob(ImageReference reference, Descriptor descriptor, BlobSink sink) {
        Operation op = operation(PullListener.NONE);
        Session s = ready(op);
        return s.blobs().fetch(op, reference.repository(), descriptor, Phase.LAYER, sink);
    }

    /**
     * When the image of a resolved manifest was built, as its configuration's {@code created} says (registries keep no
     * push time; builders write this one, reproducible builds a fixed one). Empty when the config does not say or is
     * larger than a manifest may be.
     */
    public Optional<java.time.Instant> created(ResolvedManifest manifest) {
        return readConfig(manifest, PullListener.NONE).flatMap(c -> Json.text(c, "created")).flatMap(text -> {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The platform a single-platform image's configuration declares, the only place that names it (containerd and
     * CRI-O read it before they pull). Empty for an image chosen from an index (already matched), a config that
     * declares none, or one larger than a manifest may be.
     */
    public Optional<Platform> configPlatform(ResolvedManifest manifest, PullListener listener) {
        return manifest.platform().isPresent() ? Optional.empty() : readConfig(manifest, listener).flatMap(RegistryClient::configPlatform);
    }

    /**
     * @throws RegistryException PLATFORM_NOT_FOUND (phase CONFIG) when a single-platform image declares a platform
     *                           {@code wanted} cannot run: a node of that platform refuses it ("no match for platform in manifest")
     */
    public static void requirePlatform(ImageReference image, Platform declared, Platform wanted) {
        if (!wanted.isCompatible(declared)) {
            throw RegistryException.builder(Category.PLATFORM_NOT_FOUND, image + " is a single-platform image for "
                + declared + ", not " + wanted).phase(Phase.CONFIG).build();
        }
    }

    /** The image configuration of a resolved manifest, when it is JSON no larger than a manifest may be. */
    private Optional<JsonNode> readConfig(ResolvedManifest manifest, PullListener listener) {
        Descriptor config = manifest.config();
        if (config.size() > options.maxManifestBytes()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) config.size());
        BlobSink capture = descriptor -> new BlobSink.BlobWriter() {
            @Override
            public void write(ByteBuffer buffer) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.duplicate().get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void commit() {
            }

            @Override
            public void abort() {
                out.reset();
            }
        };
        Operation op = operation(listener);
        Session s = ready(op);
        s.blobs().fetch(op, manifest.reference().repository(), config, Phase.CONFIG, capture);
        return Json.parse(out.toByteArray());
    }

    private static Optional<Platform> configPlatform(JsonNode config) {
        Optional<String> os = Json.text(config, "os");
        Optional<String> arch = Json.text(config, "architecture");
        if (os.isEmpty() || arch.isEmpty() || os.get().isBlank() || arch.get().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Platform(os.get(), arch.get(), Json.text(config, "variant").orElse("")));
    }

    private void downloadLayers(Operation op, Session s, ResolvedManifest manifest, BlobSink sink) {
        List<Descriptor> layers = manifest.layers();
        if (layers.isEmpty()) {
            return;
        }
        String repository = manifest.reference().repository();
        Operation group = op.child();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Runnable worker = () -> {
            while (firstFailure.get() == null) {
                int i = next.getAndIncrement();
                if (i >= layers.size()) {
                    return;
                }
                try {
                    s.blobs().fetch(group, repository, layers.get(i), Phase.LAYER, sink);
                } catch (RuntimeException e) {
                    if (firstFailure.compareAndSet(null, e)) {
                        group.cancel(); // the others stop too: one bad layer fails the pull
                    }
                    return;
                }
            }
        };
        int parallel = Math.min(options.maxParallelDownloads(), layers.size());
        List<Thread> helpers = new ArrayList<>();
        for (int i = 1; i < parallel; i++) {
            Thread t = new Thread(worker, "registry-pull-layer");
            t.setDaemon(true);
            t.start();
            helpers.add(t);
        }
        worker.run();
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                op.cancel();
                throw op.cancelledException(Phase.LAYER);
            }
        }
        RuntimeException failure = firstFailure.get();
        if (failure != null) {
            if (op.isCancelled()) {
                throw op.cancelledException(Phase.LAYER);
            }
            throw failure;
        }
    }

    // ---------------------------------------------------------------- for the copy steps (ImageCopier)

    Operation newOperation(PullListener listener) {
        return operation(listener);
    }

    /** The session's endpoint (after a plain-HTTP fallback) and its parts, contacting the registry first if needed. */
    RegistryEndpoint activeEndpoint(Operation op) {
        return ready(op).endpoint();
    }

    ManifestResolver manifests(Operation op) {
        return ready(op).manifests();
    }

    BlobFetcher blobs(Operation op) {
        return ready(op).blobs();
    }

    RequestExecutor executor() {
        return executor;
    }

    static String checkedRepository(String repository) {
        return validRepository(repository);
    }

    // ---------------------------------------------------------------- referrers (signatures, SBOMs, attestations)

    /**
     * What refers to the manifest {@code subject} in {@code repository}: the OCI 1.1 referrers API, else its tag
     * schema ({@code sha256-<hex>}), plus cosign's {@code sha256-<hex>.sig/.att/.sbom} tags; each classified.
     * A manifest found on several paths is listed once, where it was found first (API, tag schema, cosign tag).
     */
    public List<Referrer> referrers(String repository, Digest subject) {
        return referrers(repository, subject, null);
    }

    /** Like {@link #referrers(String, Digest)}, only those of this {@code artifactType} (null for all). */
    public List<Referrer> referrers(String repository, Digest subject, String artifactType) {
        String repo = validRepository(repository);
        Operation op = operation(PullListener.NONE);
        return ready(op).referrers().find(op, repo, subject, artifactType);
    }

    /** An artifact's manifest (a signature, an SBOM...) with its annotations; its digest verified. */
    public ArtifactManifest artifact(String repository, Digest digest) {
        String repo = validRepository(repository);
        Operation op = operation(PullListener.NONE);
        return ready(op).referrers().artifact(op, repo, digest);
    }

    /**
     * A small blob (a signature payload, an SBOM) in memory, its size and digest verified.
     *
     * @throws RegistryException TOO_LARGE when the descriptor announces more than {@code maxBytes}
     */
    public byte[] smallBlob(String repository, Descriptor descriptor, long maxBytes) {
        String repo = validRepository(repository);
        if (descriptor.size() > maxBytes) {
            throw RegistryException.builder(Category.TOO_LARGE, "the blob " + descriptor.digest() + " has " + descriptor.size()
                    + " bytes, more than the " + maxBytes + " read into memory").phase(Phase.LAYER).build();
        }
        Operation op = operation(PullListener.NONE);
        Session s = ready(op);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) descriptor.size());
        BlobSink capture = d -> {
            out.reset();
            return new BlobSink.BlobWriter() {
                @Override
                public void write(ByteBuffer buffer) {
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.duplicate().get(chunk);
                    out.write(chunk, 0, chunk.length);
                }

                @Override
                public void commit() {
                }

                @Override
                public void abort() {
                    out.reset();
                }
            };
        };
        s.blobs().fetch(op, repo, descriptor, Phase.LAYER, capture);
        return out.toByteArray();
    }

    /**
     * Looks for signatures of {@code digest} (see {@link #referrers}) and verifies cosign ones with {@code keys}:
     * VERIFIED, UNSIGNED, INVALID (with why), or NOT_CHECKED (no keys given, or only a Notation signature, which the
     * console does not verify).
     *
     * @throws RegistryException when the registry fails while looking (not when a signature is bad: that is the verdict)
     */
    public SignatureVerdict verifySignatures(String repository, Digest digest, List<TrustedKey> keys) {
        String repo = validRepository(repository);
        return CosignVerifier.verify(new CosignVerifier.Source() {
            @Override
            public List<Referrer> referrers() {
                return RegistryClient.this.referrers(repo, digest);
            }

            @Override
            public ArtifactManifest artifact(Digest d) {
                return RegistryClient.this.artifact(repo, d);
            }

            @Override
            public byte[] blob(Descriptor descriptor) {
                return smallBlob(repo, descriptor, CosignVerifier.MAX_PAYLOAD_BYTES);
            }
        }, digest, List.copyOf(keys));
    }

    // ---------------------------------------------------------------- first contact

    private Operation operation(PullListener listener) {
        return new Operation(listener, options.overallDeadline(), options.minTransferRate(), options.minRateWindow());
    }

    private synchronized Session ready(Operation op) {
        if (session == null) {
            session = connect(op);
        }
        return session;
    }

    private Session connect(Operation op) {
        boolean mayFallBack = configured.insecure() && !configured.schemeExplicit() && "https".equals(configured.baseUri().getScheme());
        try {
            return pingAt(op, configured);
        } catch (RegistryException e) {
            if (mayFallBack && e.category() == Category.TLS_PROTOCOL_MISMATCH) {
                // docker's behaviour for insecure registries: the port speaks plain HTTP, so use it.
                return pingAt(op, configured.withScheme("http"));
            }
            throw e;
        }
    }

    private Session pingAt(Operation op, RegistryEndpoint endpoint) {
        Optional<java.net.URI> via = proxy == null ? Optional.empty() : proxy.proxyFor(endpoint.baseUri());
        ConnectionProbe.Result contact;
        if (via.isPresent()) {
            // DNS, TCP and TLS of the registry are the proxy's business; what the console can see is the proxy's answer
            proxyProbe.probe(op, via.get(), endpoint.baseUri());
            contact = new ConnectionProbe.Result(List.of(), null, null);
        } else {
            contact = probe.probe(op, endpoint.baseUri());
        }
        Operation.Span span = op.start(Phase.PING, endpoint.host());
        try {
            RequestSpec spec = RequestSpec.of("GET", endpoint.api(""), Phase.PING, StatusFailures.Target.PING, endpoint.host())
                    .passThrough(Set.of(401, 403));
            Response r;
            try {
                r = executor.small(op, spec, 64 * 1024);
            } catch (RegistryException e) {
                if ("http".equals(endpoint.baseUri().getScheme()) && (e.category() == Category.SERVER_ERROR || e.category() == Category.TRANSFER_TIMEOUT)
                        && e.httpStatus().isEmpty() && probe.speaksTls(endpoint.host(), endpoint.port())) {
                    throw RegistryException.builder(Category.TLS_PROTOCOL_MISMATCH, endpoint.host() + ":" + endpoint.port()
                            + " speaks TLS but was spoken to in plain HTTP; use https://").phase(Phase.PING).request(e.request().orElse(null))
                            .cause(e).build();
                }
                throw e;
            }
            Optional<String> apiVersion = r.header("docker-distribution-api-version");
            List<Challenge> challenges = Challenge.parseAll(r.headers().allValues("www-authenticate"));
            if (r.status() == 403) {
                throw RegistryException.builder(Category.ACCESS_DENIED, endpoint.host() + " forbids access to /v2/ (an IP allow list or a proxy rule?)")
                        .phase(Phase.PING).request(r.describe()).status(403).registryError(r.error().code(),
                                r.error().message()).build();
            }
            if (r.status() == 200 && apiVersion.isEmpty() && MediaTypes.base(r.header("content-type").orElse("")).contains("html")) {
                throw RegistryException.builder(Category.NOT_A_REGISTRY, endpoint.host() + " answers /v2/ with a web page, not the registry API")
                        .phase(Phase.PING).request(r.describe()).status(200).build();
            }
            if (r.status() == 401 && apiVersion.isEmpty() && challenges.isEmpty()) {
                throw RegistryException.builder(Category.NOT_A_REGISTRY, endpoint.host() + " answers /v2/ with 401 but neither a "
                        + "challenge nor the registry API header").phase(Phase.PING).request(r.describe()).status(401).build();
            }
            RegistryException authProblem = null;
            if (r.status() == 401) {
                try {
                    authenticator.learn(challenges);
                } catch (RegistryException e) {
                    authProblem = e.withContext(r.describe(), Phase.AUTH);
                }
            }
            span.end(r.body().length);
            PingResult ping = new PingResult(endpoint.baseUri(), r.status(), apiVersion, challenges, contact.addresses(),
                    Optional.ofNullable(contact.tls()), op.timings(), ClockReadings.httpDate(r.header("date")));
            return new Session(endpoint, ping, new ManifestResolver(executor, endpoint, options), new BlobFetcher(executor, endpoint, options),
                    authProblem, new ReferrerFinder(executor, endpoint, options));
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String validRepository(String repository) {
        if (repository == null || repository.isBlank()) {
            throw new RegistryException(Category.INVALID_REFERENCE, "the repository name is empty");
        }
        if (repository.contains(":") || repository.contains("@")) {
            throw new RegistryException(Category.INVALID_REFERENCE, "\"" + ErrorBody.clean(repository)
                    + "\" is not a repository name: it must not contain a tag or digest");
        }
        // Reuse the reference grammar; an explicit domain keeps docker.io's library/ prefix out of it.
        return ImageReference.parse("registry.invalid/" + repository.strip()).repository();
    }

    private static List<String> parseTags(Response r) {
        List<String> tags = new ArrayList<>();
        Json.parse(r.body()).map(root -> root.get("tags")).filter(JsonNode::isArray).ifPresent(array -> {
            for (JsonNode t : array) {
                if (t.isString()) {
                    tags.add(t.stringValue());
                }
            }
        });
        return tags;
    }

    /** {@code Link: </v2/x/tags/list?n=100&last=a>; rel="next"}, only when it stays on the registry. */
    static URI nextPage(Response r, RegistryEndpoint endpoint) {
        Optional<String> link = r.header("link");
        if (link.isEmpty()) {
            return null;
        }
        String l = link.get();
        int open = l.indexOf('<');
        int close = l.indexOf('>', open + 1);
        if (open < 0 || close < 0 || !l.substring(close).contains("rel=\"next\"") && !l.substring(close).contains("rel=next")) {
            return null;
        }
        try {
            URI next = r.uri().resolve(l.substring(open + 1, close));
            return RequestExecutor.origin(next).equals(RequestExecutor.origin(endpoint.baseUri())) ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
