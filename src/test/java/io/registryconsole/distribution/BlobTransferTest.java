package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;

class BlobTransferTest {

    private FakeRegistry registry;
    private FakeRegistry.Image image;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        image = registry.image("app", "1", MediaTypes.OCI_MANIFEST, "linux", "arm64", "v8", FakeRegistry.random(300_000, 1), FakeRegistry.random(200_000, 2),
                FakeRegistry.random(100_000, 3), FakeRegistry.random(50_000, 4));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private RegistryClient client(ClientOptions options) {
        return RegistryClient.create(registry.endpoint(Credentials.anonymous()), options, OutboundPolicy.defaults());
    }

    private static ClientOptions.Builder fast() {
        return ClientOptions.builder().retryBudget(Duration.ofSeconds(3));
    }

    @Test
    void pullsAndVerifiesEveryBlobReportingPhases() {
        List<PhaseTiming> phases = new CopyOnWriteArrayList<>();
        AtomicInteger progressCalls = new AtomicInteger();
        PullListener listener = new PullListener() {
            @Override
            public void phaseFinished(PhaseTiming timing) {
                phases.add(timing);
            }

            @Override
            public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
                progressCalls.incrementAndGet();
            }
        };
        PullResult result = client(fast().build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), listener, BlobSink.DISCARD);

        assertThat(result.bytes()).isEqualTo(650_000 + image.config().size());
        assertThat(result.layers()).isEqualTo(4);
        assertThat(result.manifest().digest()).isEqualTo(image.manifestDigest());
        assertThat(result.configPlatform()).contains(Platform.parse("linux/arm64/v8"));
        assertThat(result.timings()).extracting(PhaseTiming::phase)
                .containsSubsequence(Phase.DNS, Phase.CONNECT, Phase.PING, Phase.MANIFEST, Phase.CONFIG, Phase.LAYER);
        assertThat(result.timings()).filteredOn(t -> t.phase() == Phase.LAYER)
                .extracting(PhaseTiming::bytes).containsExactlyInAnyOrder(300_000L, 200_000L, 100_000L, 50_000L);
        assertThat(result.timings()).allSatisfy(t -> assertThat(t.failed()).isEmpty());
        assertThat(phases).hasSameSizeAs(result.timings());
        assertThat(progressCalls.get()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void writesVerifiedBlobsOnlyWhenAsked(@TempDir Path dir) throws IOException {
        client(fast().build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, BlobSink.directory(dir));
        for (Descriptor layer : image.layers()) {
            Path file = dir.resolve("sha256").resolve(layer.digest().hex());
            assertThat(Digest.sha256(Files.readAllBytes(file))).isEqualTo(layer.digest());
        }
        assertThat(dir.resolve("sha256").resolve(image.config().digest().hex())).exists();
        try (var files = Files.list(dir.resolve("sha256"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void detectsACorruptBlob(@TempDir Path dir) throws IOException {
        Descriptor layer = image.layers().get(1);
        byte[] corrupt = registry.blobs.get(layer.digest().toString()).clone();
        corrupt[corrupt.length / 2] ^= 1;
        registry.blobs.put(layer.digest().toString(), corrupt);

        assertThatThrownBy(() -> client(fast().build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE,
                BlobSink.directory(dir)))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.DIGEST_MISMATCH);
                    assertThat(e.phase()).contains(Phase.LAYER);
                    assertThat(e.getMessage()).contains(layer.digest().toString());
                });
        assertThat(dir.resolve("sha256").resolve(layer.digest().hex())).doesNotExist();
        assertThat(registry.seen(layer.digest().toString())).hasSize(1); // a digest mismatch is not retried
    }

    @Test
    void reportsADeclaredLengthThatDiffersFromTheDescriptor() {
        Descriptor layer = image.layers().get(0);
        registry.blobs.put(layer.digest().toString(), FakeRegistry.random(1000, 9));
        assertThatThrownBy(() -> client(fast().build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.SIZE_MISMATCH);
                    assertThat(e.getMessage()).contains("sends 1000 bytes").contains("declares 300000");
                });
    }

    @Test
    void retriesATruncatedTransferThenReportsTheSizeMismatch() {
        Descriptor layer = image.layers().get(0);
        AtomicInteger attempts = new AtomicInteger();
        registry.interceptor = (ex, path) -> {
            if (path.endsWith(layer.digest().toString())) {
                attempts.incrementAndGet();
                ex.sendResponseHeaders(200, layer.size());
                OutputStream out = ex.getResponseBody();
                out.write(registry.blobs.get(layer.digest().toString()), 0, 1000);
                out.flush();
                throw new IOException("connection dropped mid-body"); // closes the connection without the rest
            }
            return false;
        };
        assertThatThrownBy(() -> client(fast().maxAttempts(3).build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"),
                PullListener.NONE, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.SIZE_MISMATCH);
                    assertThat(e.getMessage()).containsAnyOf("closed after", "closed before").contains("300000 bytes");
                });
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void abortsAStalledTransfer() {
        Descriptor layer = image.layers().get(0);
        CountDownLatch release = new CountDownLatch(1);
        registry.interceptor = stall(layer, release);
        try {
            // The registry holds the blob until released, which happens only after this assertion: a TRANSFER_TIMEOUT
            // "stalled" can only come from the client's own idle watchdog (a registry that ended its answer would
            // give a size mismatch), however long a loaded machine takes to notice.
            assertThatThrownBy(() -> client(fast().idleTimeout(Duration.ofMillis(300)).maxAttempts(1).build())
                    .pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.category()).isEqualTo(Category.TRANSFER_TIMEOUT);
                        assertThat(e.getMessage()).contains("stalled");
                        assertThat(e.phase()).contains(Phase.LAYER);
                    });
        } finally {
            release.countDown();
        }
    }

    @Test
    void stopsAtTheOverallDeadline() {
        Descriptor layer = image.layers().get(0);
        CountDownLatch release = new CountDownLatch(1);
        registry.interceptor = trickle(layer, release);
        try {
            assertThatThrownBy(() -> client(fast().overallDeadline(Duration.ofSeconds(1)).build())
                    .pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.category()).isEqualTo(Category.TRANSFER_TIMEOUT);
                        assertThat(e.getMessage()).contains("deadline");
                    });
        } finally {
            release.countDown();
        }
    }

    /** Finding 4 of issue 12: one byte per 100 ms never trips the idle timeout, so only a minimum rate ends it. */
    @Test
    void stopsATrickleBelowTheMinimumRateAndTheNextPullRuns() {
        Descriptor layer = image.layers().get(0);
        CountDownLatch release = new CountDownLatch(1);
        registry.interceptor = trickle(layer, release, 1);
        RegistryClient client = client(fast().idleTimeout(Duration.ofSeconds(5)).overallDeadline(Duration.ofSeconds(30))
                .minTransferRate(1024, Duration.ofSeconds(1)).build());
        try {
            assertThatThrownBy(() -> client.pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.category()).isEqualTo(Category.TRANSFER_TIMEOUT);
                        assertThat(e.getMessage()).contains("too slow").containsPattern("\\d+ B/s over the last \\d+\\.\\d s")
                                .contains("below the minimum of 1.0 KiB/s").doesNotContain("deadline");
                        assertThat(e.phase()).contains(Phase.LAYER);
                    });
        } finally {
            release.countDown();
        }
        // the client (and its threads) are free again: the same client pulls the image at full speed
        registry.interceptor = null;
        assertThat(client.pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null).layers()).isEqualTo(4);
    }

    @Test
    void aSlowButSteadyTransferAboveTheMinimumRatePasses() {
        registry.blobDelayMillis = 50;
        PullResult result = client(fast().minTransferRate(1, Duration.ofMillis(200)).build())
                .pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null);
        assertThat(result.layers()).isEqualTo(4);
    }

    @Test
    void cancelsARunningPull() throws Exception {
        Descriptor layer = image.layers().get(0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch streaming = new CountDownLatch(1);
        FakeRegistry.Interceptor stall = stall(layer, release);
        registry.interceptor = (ex, path) -> {
            if (path.endsWith(layer.digest().toString())) {
                streaming.countDown();
            }
            return stall.handle(ex, path);
        };
        try {
            PullHandle handle = client(fast().build()).pullAsync(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null);
            assertThat(streaming.await(20, TimeUnit.SECONDS)).isTrue();
            handle.cancel();
            assertThatThrownBy(handle::await)
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.CANCELLED));
            assertThat(handle.isDone()).isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void downloadsLayersInParallelUpToTheLimit() {
        registry.blobDelayMillis = 300;
        client(fast().maxParallelDownloads(2).build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null);
        assertThat(registry.maxBlobsInFlight.get()).isEqualTo(2);
        registry.maxBlobsInFlight.set(0);
        client(fast().maxParallelDownloads(1).build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null);
        assertThat(registry.maxBlobsInFlight.get()).isEqualTo(1);
    }

    @Test
    void refusesAPullOverTheByteCap() {
        assertThatThrownBy(() -> client(fast().maxPullBytes(100_000).build())
                .pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.TOO_LARGE));
        assertThat(registry.seen("/blobs/")).isEmpty();
    }

    @Test
    void followsARedirectToAnotherHostWithoutTheAuthorization() throws Exception {
        registry.basicUserPassword = "user:secret";
        try (FakeRegistry storage = FakeRegistry.start()) {
            storage.blobs.putAll(registry.blobs);
            registry.interceptor = (ex, path) -> {
                if (path.contains("/blobs/")) {
                    // "localhost" is another host than "127.0.0.1" for the client, though both are loopback
                    ex.getResponseHeaders().set("Location", "http://localhost:" + storage.port() + path + "?X-Amz-Signature=abc");
                    ex.sendResponseHeaders(307, -1);
                    return true;
                }
                return false;
            };
            RegistryClient client = RegistryClient.create(registry.endpoint(Credentials.basic("user", "secret")), fast().build(),
                    OutboundPolicy.defaults());
            PullResult result = client.pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null);
            assertThat(result.layers()).isEqualTo(4);
            assertThat(storage.seen("/blobs/")).hasSize(5).allSatisfy(s -> assertThat(s.authorization()).isNull());
            assertThat(registry.seen("/manifests/")).allSatisfy(s -> assertThat(s.authorization()).startsWith("Basic "));
        }
    }

    @Test
    void appliesTheOutboundPolicyToRedirects() {
        registry.interceptor = (ex, path) -> {
            if (path.contains("/blobs/")) {
                ex.getResponseHeaders().set("Location", "http://127.0.0.2:9/blob");
                ex.sendResponseHeaders(302, -1);
                return true;
            }
            return false;
        };
        // 127.0.0.2 is loopback, denied here only to prove the check; the policy stops the request before any connect.
        RegistryClient client = RegistryClient.create(registry.endpoint(Credentials.anonymous()), fast().build(),
                OutboundPolicy.of(List.of(), List.of(Cidr.parse("127.0.0.2/32"))));
        assertThatThrownBy(() -> client.pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
                    assertThat(e.getMessage()).contains("127.0.0.2/32");
                });
    }

    @Test
    void reportsABlobTheRegistryLacks() {
        registry.blobs.remove(image.layers().get(2).digest().toString());
        assertThatThrownBy(() -> client(fast().build()).pull(registry.ref("app:1"), Platform.parse("linux/arm64"), PullListener.NONE, null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.SERVER_ERROR);
                    assertThat(e.registryErrorCode()).contains("BLOB_UNKNOWN");
                });
    }

    /** Sends the headers and 1000 bytes of the blob, then nothing until released. */
    private FakeRegistry.Interceptor stall(Descriptor layer, CountDownLatch release) {
        return (HttpExchange ex, String path) -> {
            if (!path.endsWith(layer.digest().toString())) {
                return false;
            }
            ex.sendResponseHeaders(200, layer.size());
            OutputStream out = ex.getResponseBody();
            out.write(registry.blobs.get(layer.digest().toString()), 0, 1000);
            out.flush();
            try {
                release.await(5, TimeUnit.MINUTES); // only a guard against a hung test: the tests release it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("released");
        };
    }

    /** Sends the blob a few bytes every 100 ms: never idle long, never done in time. */
    private FakeRegistry.Interceptor trickle(Descriptor layer, CountDownLatch release) {
        return trickle(layer, release, 10);
    }

    /** Sends the blob {@code step} bytes every 100 ms. */
    private FakeRegistry.Interceptor trickle(Descriptor layer, CountDownLatch release, int step) {
        return (HttpExchange ex, String path) -> {
            if (!path.endsWith(layer.digest().toString())) {
                return false;
            }
            ex.sendResponseHeaders(200, layer.size());
            OutputStream out = ex.getResponseBody();
            byte[] content = registry.blobs.get(layer.digest().toString());
            try {
                for (int i = 0; i < content.length && release.getCount() > 0; i += step) {
                    out.write(content, i, step);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("released");
        };
    }
}
