package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of registries (issue 12's reliability suite), the cases a fake server shows on demand. Each fault ends with
 * its category within a configured limit (attempts, retry budget), and the same client then pulls the image once the
 * fault is gone: nothing it holds (threads, pooled connections, cached tokens) stays stuck. Other faults of the suite
 * live beside the code they exercise: see docs/reliability.md.
 */
class RegistryFaultsTest {

    private FakeRegistry registry;
    private FakeRegistry.Image image;
    private RegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        image = registry.image("app", "1", MediaTypes.OCI_MANIFEST, "linux", "amd64", "", FakeRegistry.random(200_000, 1),
                FakeRegistry.random(50_000, 2));
        client = RegistryClient.create(registry.endpoint(Credentials.basic("robot", "pw-1234")), ClientOptions.builder()
                .maxAttempts(3).retryBudget(Duration.ofSeconds(3)).maxRetryAfter(Duration.ofSeconds(2)).build(), OutboundPolicy.defaults());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private RegistryException failure() {
        try {
            client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, PullListener.NONE, null);
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("the pull succeeded");
    }

    private void recovers() {
        registry.interceptor = null;
        assertThat(client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, PullListener.NONE, null).layers()).isEqualTo(2);
    }

    @Test
    void aConnectionResetAfterHalfALayerIsRetriedThenASizeMismatch() {
        Descriptor layer = image.layers().get(0);
        AtomicInteger tries = new AtomicInteger();
        registry.interceptor = (ex, path) -> {
            if (!path.endsWith(layer.digest().toString())) {
                return false;
            }
            tries.incrementAndGet();
            ex.sendResponseHeaders(200, layer.size());
            OutputStream out = ex.getResponseBody();
            out.write(registry.blobs.get(layer.digest().toString()), 0, (int) layer.size() / 2);
            out.flush();
            throw new IOException("reset"); // the server drops the connection half-way
        };
        RegistryException e = failure();
        assertThat(e.category()).isEqualTo(Category.SIZE_MISMATCH);
        assertThat(tries.get()).isEqualTo(3);
        recovers();
    }

    @Test
    void aLyingContentLengthIsASizeMismatch() {
        Descriptor layer = image.layers().get(1);
        registry.interceptor = (ex, path) -> {
            if (!path.endsWith(layer.digest().toString())) {
                return false;
            }
            FakeRegistry.send(ex, 200, "application/octet-stream", new byte[(int) layer.size() + 10]);
            return true;
        };
        assertThat(failure().category()).isEqualTo(Category.SIZE_MISMATCH);
        recovers();
    }

    @Test
    void a429StormEndsAsRateLimitedWithinTheRetryBudget() {
        AtomicInteger answered = new AtomicInteger();
        registry.interceptor = (ex, path) -> {
            if (!path.contains("/manifests/")) {
                return false;
            }
            answered.incrementAndGet();
            ex.getResponseHeaders().set("Retry-After", "1");
            ex.getResponseHeaders().set("RateLimit-Limit", "100;w=21600");
            ex.getResponseHeaders().set("RateLimit-Remaining", "0;w=21600");
            FakeRegistry.error(ex, 429, "TOOMANYREQUESTS", "slow down");
            return true;
        };
        RegistryException e = failure();
        assertThat(e.category()).isEqualTo(Category.RATE_LIMITED);
        assertThat(e.rateLimit()).isPresent();
        assertThat(answered.get()).isBetween(1, 3);
        recovers();
    }

    private FakeRegistry tokenService(int status, String contentType, String body) throws IOException {
        FakeRegistry tokens = FakeRegistry.start();
        tokens.interceptor = (ex, path) -> {
            FakeRegistry.send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
            return true;
        };
        registry.interceptor = (ex, path) -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + tokens.url() + "/token\",service=\"fake\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        return tokens;
    }

    /** The token service answers properly again: the same client gets a token and pulls (the registry takes any bearer). */
    private void tokenServiceRecovers(FakeRegistry tokens) {
        tokens.interceptor = (ex, path) -> {
            FakeRegistry.send(ex, 200, "application/json", "{\"token\":\"tok-ok-123456\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        assertThat(client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, PullListener.NONE, null).layers()).isEqualTo(2);
    }

    @Test
    void aTokenServiceAnsweringGarbageIsAuthUnsupported() throws IOException {
        try (FakeRegistry tokens = tokenService(200, "text/html", "<html>login portal</html>")) {
            RegistryException e = failure();
            assertThat(e.category()).isEqualTo(Category.AUTH_UNSUPPORTED);
            assertThat(e.getMessage()).contains("did not answer with a JSON token");
            tokenServiceRecovers(tokens);
        }
    }

    @Test
    void aTokenServiceAnswering500IsAServerError() throws IOException {
        try (FakeRegistry tokens = tokenService(500, "application/json", "{\"error\":\"server_error\"}")) {
            RegistryException e = failure();
            assertThat(e.category()).as(e.getMessage()).isEqualTo(Category.SERVER_ERROR);
            assertThat(e.phase()).contains(Phase.AUTH);
            tokenServiceRecovers(tokens);
        }
    }
}
