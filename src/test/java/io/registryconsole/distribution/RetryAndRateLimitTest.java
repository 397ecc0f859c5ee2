package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryAndRateLimitTest {

    private FakeRegistry registry;
    private RegistryClient client;
    private FakeRegistry.Image image;
    /** System.nanoTime() at which the registry received each manifest request. */
    private final List<Long> manifestRequestsAt = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        image = registry.image("app", "1", "linux", "amd64", FakeRegistry.random(1000, 1));
        client = RegistryClient.create(registry.endpoint(Credentials.anonymous()),
                ClientOptions.builder().maxAttempts(3).retryBudget(Duration.ofSeconds(5)).maxRetryAfter(Duration.ofSeconds(2)).build(),
                OutboundPolicy.defaults());
        client.ping();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** Answers the first {@code times} manifest requests with {@code status}, then lets them through. */
    private AtomicInteger failManifests(int times, int status, String retryAfter, String body) {
        AtomicInteger calls = new AtomicInteger();
        registry.interceptor = (ex, path) -> {
            if (path.contains("/manifests/")) {
                manifestRequestsAt.add(System.nanoTime());
            }
            if (path.contains("/manifests/") && calls.incrementAndGet() <= times) {
                if (retryAfter != null) {
                    ex.getResponseHeaders().set("Retry-After", retryAfter);
                }
                ex.getResponseHeaders().set("ratelimit-limit", "100;w=21600");
                ex.getResponseHeaders().set("ratelimit-remaining", "0;w=21600");
                ex.getResponseHeaders().set("docker-ratelimit-source", "203.0.113.7");
                FakeRegistry.send(ex, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        return calls;
    }

    @Test
    void retriesTransient503s() {
        AtomicInteger calls = failManifests(2, 503, null, "service unavailable");
        assertThat(client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64).digest()).isEqualTo(image.manifestDigest());
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheAttemptLimit() {
        AtomicInteger calls = failManifests(100, 502, null, "<html><title>502 Bad Gateway</title></html>");
        assertThatThrownBy(() -> client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.SERVER_ERROR);
                    assertThat(e.httpStatus()).hasValue(502);
                    assertThat(e.registryErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("502 Bad Gateway"));
                });
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void waitsOutAShortRetryAfter() {
        AtomicInteger calls = failManifests(1, 429, "1", "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}");
        assertThat(client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64).digest()).isEqualTo(image.manifestDigest());
        assertThat(calls.get()).isEqualTo(2);
        // Measured where it matters, at the registry: the retry came no earlier than the second it asked for. Only a
        // lower bound (a loaded machine can make the retry later, never earlier), and no upper one.
        assertThat(manifestRequestsAt).hasSize(2);
        assertThat(Duration.ofNanos(manifestRequestsAt.get(1) - manifestRequestsAt.get(0)))
                .as("between the 429 with Retry-After: 1 and the retry").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void reportsALongRetryAfterAtOnceWithTheRateLimit() {
        AtomicInteger calls = failManifests(100, 429, "3600",
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}");
        assertThatThrownBy(() -> client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
                    assertThat(e.registryErrorCode()).contains("TOOMANYREQUESTS");
                    assertThat(e.registryErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("pull rate limit"));
                    RateLimit limit = e.rateLimit().orElseThrow();
                    assertThat(limit.limit()).hasValue(100);
                    assertThat(limit.remaining()).hasValue(0);
                    assertThat(limit.window()).contains(Duration.ofHours(6));
                    assertThat(limit.source()).contains("203.0.113.7");
                    assertThat(e.getMessage()).contains("limit 100, remaining 0 per 21600 s").contains("wait 3600 s");
                });
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void doesNotRetryA429WithoutRetryAfter() {
        AtomicInteger calls = failManifests(100, 429, null, "Too Many Requests");
        assertThatThrownBy(() -> client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.RATE_LIMITED);
                    assertThat(e.registryErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("Too Many Requests"));
                });
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void retriesAConnectionResetBeforeTheResponse() {
        AtomicInteger calls = new AtomicInteger();
        registry.interceptor = (ex, path) -> {
            if (path.contains("/manifests/") && calls.incrementAndGet() == 1) {
                ex.getHttpContext().getServer(); // nothing sent: closing the exchange without a response resets the connection
                ex.close();
                throw new java.io.IOException("drop");
            }
            return false;
        };
        assertThat(client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64).digest()).isEqualTo(image.manifestDigest());
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void parsesRetryAfterDatesAndRateLimitForms() {
        var headers = java.net.http.HttpHeaders.of(java.util.Map.of(
                "Retry-After", java.util.List.of("Wed, 21 Oct 2015 07:28:00 GMT"),
                "RateLimit-Limit", java.util.List.of("5000"),
                "RateLimit-Remaining", java.util.List.of("4999")), (a, b) -> true);
        assertThat(StatusFailures.retryAfter(headers)).contains(Duration.ZERO);
        RateLimit limit = RateLimit.from(headers).orElseThrow();
        assertThat(limit.limit()).hasValue(5000);
        assertThat(limit.remaining()).hasValue(4999);
        assertThat(limit.window()).isEmpty();
    }
}
