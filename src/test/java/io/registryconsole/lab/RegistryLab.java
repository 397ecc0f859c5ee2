package io.registryconsole.lab;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Real registries for tests: Debian's {@code docker-registry} (CNCF distribution 2.8.2) started as processes on
 * 127.0.0.1, seeded with generated images by Debian's {@code skopeo}. Each variant starts lazily, once per JVM,
 * on a free port with its own storage, config.yml and log; all of them are stopped by a shutdown hook. Never
 * stop or reconfigure a registry in a test: it is shared by every test class.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * @ExtendWith(RegistryLab.Extension.class)
 * class PullTest {
 *     @Test
 *     void pullsMultiArch(@RegistryLab.Use(Variant.TOKEN) LabRegistry registry) {
 *         URI base = registry.baseUrl();                        // https://127.0.0.1:<port>
 *         SeededImage image = registry.image(RegistryLab.MULTI_ARCH);
 *         String indexDigest = image.digest();                  // what skopeo inspect reports
 *         LabImage.Manifest arm = image.manifest("linux/arm64/v8");
 *         arm.digest(); arm.config(); arm.layers();             // digests and sizes of every blob
 *         registry.credentials();                               // Optional<Credentials>
 *         registry.caPem();                                     // PEM of the CA to trust
 *     }
 * }
 * }</pre>
 * or without the extension: {@code RegistryLab.get().token()}. The extension also injects {@link RegistryLab}.
 *
 * <h2>Variants ({@link Variant})</h2>
 * <ul>
 * <li>{@link #anonymous()}: plain HTTP, no auth. Also holds the corrupted images {@link #BROKEN_DIGEST} (one
 * layer's bytes changed on disk, same length) and {@link #BROKEN_SIZE} (one layer truncated on disk; the
 * registry then serves the shorter length).</li>
 * <li>{@link #tlsBasic()}: HTTPS with a lab-CA certificate for 127.0.0.1 and localhost, htpasswd Basic auth
 * ({@link #BASIC_USER}); anonymous requests get 401.</li>
 * <li>{@link #token()}: HTTPS, token auth with the in-JVM {@link TokenIssuer} (also HTTPS, lab CA). Users:
 * {@link #TOKEN_ADMIN} (everything, also {@code registry:catalog:*}), {@link #TOKEN_READER} (pull only, not
 * {@code private/*}); anonymous pull on {@code public/*}. Extra images: {@link #PRIVATE}, {@link #PUBLIC}.
 * {@code registry.tokenIssuer()} gives the realm, refresh tokens, request log and scoped settings.</li>
 * <li>{@link #expiredCert()}, {@link #wrongHostCert()} (certificate names only
 * {@code registry.wrong-host.invalid}), {@link #untrustedCert()} (self-signed, valid, not from the lab CA):
 * HTTPS without auth, seeded with {@link #ALPINE} only. Each has exactly one TLS defect.</li>
 * <li>{@link #tokenPlainHttpRealm()}: like token (same issuer, users and grants; {@link #ALPINE} only) but its
 * challenge names the issuer's plain-HTTP endpoint ({@link TokenIssuer#plainHttpRealm()}): a client must not
 * send credentials there unless the registry is marked insecure. The request log's {@code https} tells.</li>
 * </ul>
 *
 * <h2>Seeded images (all but the corrupted ones in anonymous, tlsBasic and token)</h2>
 * {@link #ALPINE} (OCI, linux/amd64), {@link #MULTI_ARCH} (OCI index: linux/amd64 and linux/arm64/v8),
 * {@link #SCHEMA2} (Docker schema2 manifest, linux/amd64), {@link #DOCKER_LIST} (Docker manifest list of
 * schema2 images: linux/amd64 and linux/arm64/v8), {@link #TAGS_APP} with tags {@link #TAGS_APP_TAGS}
 * ({@code latest} is the same manifest as {@code 2.0}). The expected digests are those the generator computed
 * (see {@link LabImage}); the lab's smoke tests prove skopeo reports the same.
 *
 * <h2>Corrupted images (anonymous only)</h2>
 * {@code registry.image(BROKEN_DIGEST).corruption()} names the damaged layer ({@code layerDigest}), the size the
 * manifest declares and the size now on disk. The other layer of each broken image is intact. skopeo 1.9
 * reports both as "Digest did not match".
 *
 * <h2>Token issuer settings</h2>
 * Shared by all tests, so change them only in try-with-resources:
 * {@code try (var r = registry.tokenIssuer().tokenLifetime(Duration.ofSeconds(2))) {...}}; likewise
 * {@code issueExpiredTokens(n)}, {@code omitExpiresIn()}, {@code disableOAuthPost()}, {@code useKeyIdHeader()},
 * {@code grant(...)}, {@code allowAnonymousPull(glob)}. {@code mark()} / {@code requestsSince(mark)} read the
 * request log (no secrets in it).
 *
 * <h2>Trust</h2>
 * {@link #caPem()} / {@link #caFile()} is the lab CA; {@link #sslContext()} trusts only it (for the JDK
 * HttpClient); {@link LabRegistry#certDir()} is a folder with {@code ca.crt} for skopeo's {@code --cert-dir};
 * {@link LabRegistry#skopeoOptions(String)} gives ready skopeo trust and credential options.
 *
 * <h2>More</h2>
 * {@link #seed} pushes any image written with {@link ImageWriter} (e.g. into a repository of your own in the
 * anonymous registry, for tests that change content). Files live in {@code target/registry-lab/run-<pid>/}:
 * per variant config.yml, certificates, {@code logs/registry.log}; {@code timings.log} shows start-up times.
 * Remember that distribution 2.8 answers MANIFEST_UNKNOWN to a GET of an OCI manifest whose Accept header
 * lacks the OCI media types. A missing {@code docker-registry} or {@code skopeo} fails with the Debian package
 * to install.
 *
 * <h2>Benchmarks</h2>
 * {@link #pushLargeImage} generates (once, cached under target/) an N-byte, K-layer image of incompressible
 * data and pushes it; not for normal tests.
 */
public final class RegistryLab {

    public static final String ALPINE = "library/alpine-test:3.19";
    public static final String MULTI_ARCH = "multi/app:1.0";
    public static final String SCHEMA2 = "docker/schema2:latest";
    public static final String DOCKER_LIST = "docker/list:1.0";
    public static final String TAGS_APP = "tags/app";
    public static final List<String> TAGS_APP_TAGS = List.of("1.0", "1.1", "1.2", "2.0", "latest");
    public static final String BROKEN_DIGEST = "broken/layer:digest";
    public static final String BROKEN_SIZE = "broken/layer:size";
    public static final String PRIVATE = "private/secret:1.0";
    public static final String PUBLIC = "public/hello:1.0";

    public static final LabRegistry.Credentials BASIC_USER = new LabRegistry.Credentials("tester", "tester-password");
    public static final LabRegistry.Credentials TOKEN_ADMIN = new LabRegistry.Credentials("alice", "alice-password");
    public static final LabRegistry.Credentials TOKEN_READER = new LabRegistry.Credentials("bob", "bob-password");

    /** The kinds of registry the lab runs. */
    public enum Variant {
        ANONYMOUS("anonymous"), TLS_BASIC("tlsBasic"), TOKEN("token"), EXPIRED_CERT("expiredCert"),
        WRONG_HOST_CERT("wrongHostCert"), UNTRUSTED_CERT("untrustedCert"),
        TOKEN_PLAIN_HTTP_REALM("tokenHttpRealm");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Marks a {@link LabRegistry} test parameter resolved by {@link Extension}. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Use {
        Variant value();
    }

    /** Injects {@link RegistryLab} and {@code @Use(...) LabRegistry} parameters (starting them on first use). */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return type == RegistryLab.class || (type == LabRegistry.class && parameter.isAnnotated(Use.class));
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            try {
                if (parameter.getParameter().getType() == RegistryLab.class) {
                    return get();
                }
                return get().registry(parameter.findAnnotation(Use.class).orElseThrow().value());
            } catch (RuntimeException e) {
                throw new ParameterResolutionException("registry lab: " + e.getMessage(), e);
            }
        }
    }

    private static final class Holder {
        private static final RegistryLab INSTANCE = new RegistryLab();
    }

    /** The JVM's lab (cheap: registries start when first asked for). */
    public static RegistryLab get() {
        return Holder.INSTANCE;
    }

    private final Path runDir;
    private final TestCa ca;
    private final Skopeo skopeo;
    private final ExecutorService starters = Executors.newCachedThreadPool(daemon("lab-start"));
    private final ExecutorService seeders = Executors.newFixedThreadPool(3, daemon("lab-seed"));
    private final Map<Variant, CompletableFuture<LabRegistry>> registries = new EnumMap<>(Variant.class);
    private final long createdNanos = System.nanoTime();
    private final CompletableFuture<Map<String, LabImage>> images;
    private TokenIssuer tokenIssuer;

    private RegistryLab() {
        Path root = Path.of(System.getProperty("registry.lab.dir", "target/registry-lab")).toAbsolutePath();
        pruneOldRuns(root);
        try {
            runDir = Files.createDirectories(root.resolve("run-" + ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ca = TestCa.create("Registry Console Lab CA " + Instant.now());
        try {
            Files.writeString(runDir.resolve("lab-ca.crt"), ca.pem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        skopeo = new Skopeo(runDir);
        // Generated while the first registry starts: both take a moment, neither needs the other.
        images = CompletableFuture.supplyAsync(() -> {
            Map<String, LabImage> generated = StandardImages.generate(runDir.resolve("images"));
            note("generated " + generated.size() + " images");
            return generated;
        }, starters);
        note("lab created");
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "registry-lab-shutdown"));
    }

    public LabRegistry anonymous() {
        return registry(Variant.ANONYMOUS);
    }

    public LabRegistry tlsBasic() {
        return registry(Variant.TLS_BASIC);
    }

    public LabRegistry token() {
        return registry(Variant.TOKEN);
    }

    public LabRegistry expiredCert() {
        return registry(Variant.EXPIRED_CERT);
    }

    public LabRegistry wrongHostCert() {
        return registry(Variant.WRONG_HOST_CERT);
    }

    public LabRegistry untrustedCert() {
        return registry(Variant.UNTRUSTED_CERT);
    }

    public LabRegistry tokenPlainHttpRealm() {
        return registry(Variant.TOKEN_PLAIN_HTTP_REALM);
    }

    /** The running, seeded registry of {@code variant}; starts it on first use (later calls wait for it). */
    public LabRegistry registry(Variant variant) {
        CompletableFuture<LabRegistry> future;
        synchronized (registries) {
            future = registries.computeIfAbsent(variant,
                v -> CompletableFuture.supplyAsync(() -> start(v), starters));
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }

    /** Starts every variant in parallel and waits for all of them. */
    public List<LabRegistry> startAll() {
        List<CompletableFuture<LabRegistry>> all = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            all.add(CompletableFuture.supplyAsync(() -> registry(variant), starters));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    /** The lab CA. */
    public TestCa ca() {
        return ca;
    }

    /** PEM of the lab CA that signs every lab certificate but the untrusted one. */
    public String caPem() {
        return ca.pem();
    }

    /** File holding {@link #caPem()}. */
    public Path caFile() {
        return runDir.resolve("lab-ca.crt");
    }

    /** An SSLContext trusting only the lab CA. */
    public SSLContext sslContext() {
        return ca.clientContext();
    }

    /** skopeo with the lab's isolated settings. */
    public Skopeo skopeo() {
        return skopeo;
    }

    /** This JVM's lab folder (target/registry-lab/run-PID). */
    public Path runDir() {
        return runDir;
    }

    /** The generated standard images by the {@code repository:tag} they are seeded as. */
    public Map<String, LabImage> images() {
        try {
            return images.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("could not generate the lab images: " + e.getCause(), e.getCause());
        }
    }

    /** Default size of the benchmark image: 1 GiB. */
    public static final long LARGE_IMAGE_BYTES = 1L << 30;
    /** Default layer count of the benchmark image. */
    public static final int LARGE_IMAGE_LAYERS = 8;

    /** {@link #pushLargeImage(LabRegistry, String, long, int)} with 1 GiB in 8 layers. */
    public SeededImage pushLargeImage(LabRegistry registry, String repoTag) {
        return pushLargeImage(registry, repoTag, LARGE_IMAGE_BYTES, LARGE_IMAGE_LAYERS);
    }

    /**
     * Generates (or takes from the cache under target/) an image of {@code layers} layers of incompressible data
     * totalling about {@code bytes}, and pushes it as {@code repoTag} into {@code registry}. For benchmarks.
     */
    public SeededImage pushLargeImage(LabRegistry registry, String repoTag, long bytes, int layers) {
        LabImage image = LargeImage.generate(largeImageCache(), bytes, layers);
        return seed(registry, repoTag, image);
    }

    /**
     * A new, empty plain-HTTP registry (anonymous, nothing seeded) on its own port and storage, for benchmarks that
     * must copy into a registry holding no blob yet. Stop it with {@link #discard}.
     */
    public LabRegistry emptyRegistry(String label) {
        return emptyRegistry(label, null);
    }

    /** {@link #emptyRegistry(String)} with more top-level settings of its config.yml (e.g. {@code validation:}). */
    public LabRegistry emptyRegistry(String label, String extraYaml) {
        Path dir = runDir.resolve("empty-" + label + "-" + System.nanoTime());
        try {
            Files.createDirectories(dir.resolve("storage"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RegistryProcess process = RegistryProcess.start(label, dir, new RegistryProcess.RegistryConfig(label, dir.resolve("storage"),
            null, null, null, extraYaml));
        return new LabRegistry(Variant.ANONYMOUS, dir, process, false, false, null, null, null, null);
    }

    /** Stops a registry from {@link #emptyRegistry} and deletes its storage. */
    public void discard(LabRegistry registry) {
        registry.stop();
        deleteTree(registry.storageDir().getParent());
    }

    /** The folder where generated large images are cached between runs. */
    public Path largeImageCache() {
        return Path.of(System.getProperty("registry.lab.cache", "target/registry-lab-cache")).toAbsolutePath();
    }

    /** Pushes any generated image as {@code repoTag} into {@code registry} (recorded in its images). */
    public SeededImage seed(LabRegistry registry, String repoTag, LabImage image) {
        skopeo.push(image, registry, repoTag);
        int colon = repoTag.lastIndexOf(':');
        SeededImage seeded = new SeededImage(repoTag.substring(0, colon), repoTag.substring(colon + 1), image, null);
        registry.add(seeded);
        return seeded;
    }

    private synchronized TokenIssuer tokenIssuer() {
        if (tokenIssuer == null) {
            tokenIssuer = new TokenIssuer(ca);
            note("token issuer listening at " + tokenIssuer.realm());
            tokenIssuer.addUser(TOKEN_ADMIN.username(), TOKEN_ADMIN.password());
            tokenIssuer.addUser(TOKEN_READER.username(), TOKEN_READER.password());
            tokenIssuer.grant(TOKEN_ADMIN.username(), "*", "*");
            for (String repos : List.of("library/*", "multi/*", "docker/*", "tags/*", "public/*")) {
                tokenIssuer.grant(TOKEN_READER.username(), repos, "pull");
            }
            tokenIssuer.allowAnonymousPull("public/*");
        }
        return tokenIssuer;
    }

    private LabRegistry start(Variant variant) {
        Path dir = runDir.resolve(variant.label());
        Instant now = Instant.now();
        try {
            Files.createDirectories(dir.resolve("storage"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCa.IssuedCert cert = switch (variant) {
            case ANONYMOUS -> null;
            case TLS_BASIC, TOKEN, TOKEN_PLAIN_HTTP_REALM -> ca.issueForLoopback("lab " + variant.label() + " registry");
            case EXPIRED_CERT -> ca.issue("lab expired registry", List.of("127.0.0.1"), List.of("localhost"),
                now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
            case WRONG_HOST_CERT -> ca.issue("registry.wrong-host.invalid", List.of(),
                List.of("registry.wrong-host.invalid"), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
            case UNTRUSTED_CERT -> TestCa.selfSigned("lab untrusted registry");
        };
        TestCa.IssuedCert.PemFiles pem = cert == null ? null : cert.written(dir, "server");
        String auth = null;
        LabRegistry.Credentials credentials = null;
        TokenIssuer issuer = null;
        if (variant == Variant.TLS_BASIC) {
            credentials = BASIC_USER;
            Path htpasswd = dir.resolve("htpasswd");
            // Cost 4 (the minimum) keeps the registry's per-request bcrypt check cheap.
            write(htpasswd, credentials.username() + ":"
                + new BCryptPasswordEncoder(4).encode(credentials.password()) + "\n");
            auth = "  htpasswd:\n    realm: \"Registry Console Lab\"\n    path: " + RegistryProcess.RegistryConfig.quote(
                htpasswd) + "\n";
        } else if (variant == Variant.TOKEN || variant == Variant.TOKEN_PLAIN_HTTP_REALM) {
            credentials = TOKEN_ADMIN;
            issuer = tokenIssuer();
            Path bundle = issuer.writeRootCertBundle(ca, dir.resolve("token-root-certs.pem"));
            URI realm = variant == Variant.TOKEN ? issuer.realm() : issuer.plainHttpRealm();
            auth = "  token:\n    realm: \"" + realm + "\"\n    service: \"" + issuer.service() + "\"\n"
                + "    issuer: \"" + issuer.issuer() + "\"\n    rootcertbundle: " + RegistryProcess.RegistryConfig.quote(
                    bundle) + "\n";
        }
        note(variant.label() + ": certificates and auth ready");
        RegistryProcess process = RegistryProcess.start(variant.label(), dir, new RegistryProcess.RegistryConfig(
            variant.label(), dir.resolve("storage"), pem == null ? null : pem.certificate(),
            pem == null ? null : pem.key(), auth));
        boolean sound = variant == Variant.TLS_BASIC || variant == Variant.TOKEN
            || variant == Variant.TOKEN_PLAIN_HTTP_REALM;
        String caPem = cert == null ? null : variant == Variant.UNTRUSTED_CERT ? cert.certificatePem() : ca.pem();
        LabRegistry registry = new LabRegistry(variant, dir, process, cert != null, sound, caPem,
            cert == null ? null : cert.certificatePem(), credentials, issuer);
        if (cert != null) {
            LabRegistry.writeCertDir(dir, caPem);
        }
        note(variant.label() + ": registry answers on port " + process.port());
        try {
            seedStandardContent(registry);
            note(variant.label() + ": seeded " + registry.images().size() + " images");
        } catch (RuntimeException e) {
            registry.stop();
            throw new IllegalStateException(e.getMessage() + "\nlast lines of " + registry.logFile() + ":\n"
                + registry.logTail(8), e);
        }
        return registry;
    }

    private void seedStandardContent(LabRegistry registry) {
        Map<String, LabImage> all = images();
        List<String> references = new ArrayList<>();
        switch (registry.variant()) {
            case EXPIRED_CERT, WRONG_HOST_CERT, UNTRUSTED_CERT, TOKEN_PLAIN_HTTP_REALM -> references.add(ALPINE);
            default -> {
                references.addAll(List.of(ALPINE, MULTI_ARCH, SCHEMA2, DOCKER_LIST));
                TAGS_APP_TAGS.forEach(tag -> references.add(TAGS_APP + ":" + tag));
                if (registry.variant() == Variant.ANONYMOUS) {
                    references.addAll(List.of(BROKEN_DIGEST, BROKEN_SIZE));
                }
                if (registry.variant() == Variant.TOKEN) {
                    references.addAll(List.of(PRIVATE, PUBLIC));
                }
            }
        }
        // Tags of one repository share blobs: pushing them at once races in the registry ("blob unknown"),
        // so each repository's tags go one after another; repositories go in parallel.
        Map<String, List<String>> byRepository = new java.util.LinkedHashMap<>();
        references.forEach(reference -> byRepository
            .computeIfAbsent(reference.substring(0, reference.lastIndexOf(':')), r -> new ArrayList<>()).add(reference));
        List<CompletableFuture<Void>> pushes = byRepository.values().stream()
            .map(tags -> CompletableFuture.runAsync(() -> tags.forEach(reference -> seed(registry, reference, all.get(reference))),
                seeders))
            .toList();
        try {
            pushes.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (registry.variant() == Variant.ANONYMOUS) {
            corrupt(registry, BROKEN_DIGEST, SeededImage.Corruption.Kind.BYTES_CHANGED);
            corrupt(registry, BROKEN_SIZE, SeededImage.Corruption.Kind.TRUNCATED);
        }
    }

    /** Damages the last layer of {@code reference} in the registry's storage and records how. */
    private static void corrupt(LabRegistry registry, String reference, SeededImage.Corruption.Kind kind) {
        SeededImage seeded = registry.image(reference);
        List<LabImage.Layer> layers = seeded.single().layers();
        LabImage.Layer layer = layers.get(layers.size() - 1);
        Path data = registry.blobDataFile(layer.digest());
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            if (kind == SeededImage.Corruption.Kind.BYTES_CHANGED) {
                long middle = file.length() / 2;
                byte[] bytes = new byte[16];
                file.seek(middle);
                file.readFully(bytes);
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] ^= (byte) 0xFF;
                }
                file.seek(middle);
                file.write(bytes);
            } else {
                file.setLength(file.length() / 2);
            }
            long actual = file.length();
            registry.add(new SeededImage(seeded.repository(), seeded.tag(), seeded.image(),
                new SeededImage.Corruption(kind, layer.digest(), layer.size(), actual)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not corrupt " + data, e);
        }
    }

    /** Appends a line to timings.log in the run folder: where start-up time goes, without console noise. */
    void note(String message) {
        String line = String.format("%7d ms [%s] %s%n", (System.nanoTime() - createdNanos) / 1_000_000,
            Thread.currentThread().getName(), message);
        try {
            Files.writeString(runDir.resolve("timings.log"), line, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // timings are a diagnostic only
        }
    }

    private void shutdown() {
        List<CompletableFuture<LabRegistry>> started;
        synchronized (registries) {
            started = List.copyOf(registries.values());
        }
        for (CompletableFuture<LabRegistry> future : started) {
            LabRegistry registry = future.getNow(null);
            if (registry != null) {
                registry.stop();
                deleteTree(registry.storageDir());
            }
        }
        synchronized (this) {
            if (tokenIssuer != null) {
                tokenIssuer.close();
            }
        }
        starters.shutdownNow();
        seeders.shutdownNow();
        deleteTree(runDir.resolve("images"));
        deleteTree(runDir.resolve("skopeo-tmp"));
    }

    /** Removes the folders of earlier runs whose JVM is gone (logs of the current run stay for post-mortems). */
    private static void pruneOldRuns(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> runs = Files.list(root)) {
            runs.filter(p -> p.getFileName().toString().startsWith("run-")).forEach(run -> {
                try {
                    long pid = Long.parseLong(run.getFileName().toString().substring(4));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                } catch (NumberFormatException e) {
                    // not ours: remove
                }
                deleteTree(run);
            });
        } catch (IOException e) {
            // Leftovers only cost disk space.
        }
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
