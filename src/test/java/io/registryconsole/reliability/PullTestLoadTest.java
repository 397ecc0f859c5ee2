package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * Load: 100 test pulls posted at once. Each is answered 202 or 429 with Retry-After, every accepted one reaches an
 * end state, and while they run no more than {@code console.pull-tests.concurrency} are RUNNING (polled in the
 * database). The registry is a slow fake (each answer after 200 ms, the image unknown) so pulls overlap; it is about
 * admission and bounds, not about what a pull finds.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "console.pull-tests.concurrency=3", "console.pull-tests.queue-capacity=20"})
class PullTestLoadTest {

    static final int PULLS = 100;
    static final int CONCURRENCY = 3;
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;

    TestUser operator;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        operator = accounts.user("puller", Role.OPERATOR);
    }

    @Test
    void hundredPullsAtOnceAreAdmittedOrRefusedAndNeverExceedTheConcurrency() throws Exception {
        HttpServer slow = slowRegistry();
        try {
            String url = "http://127.0.0.1:" + slow.getAddress().getPort();
            long registry = registries.create(new RegistryRequest("slow", url, null, true, null, null, null, null, null)).id();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < PULLS; i++) {
                posts.add(client.sendAsync(HttpRequest.newBuilder(uri("/api/v1/pull-tests"))
                    .header("Authorization", operator.basicAuth()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"library/load-" + i + ":1\",\"registryId\":" + registry + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            }
            int maxRunning = 0;
            List<Long> accepted = new ArrayList<>();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> post : posts) {
                while (!post.isDone()) {
                    maxRunning = Math.max(maxRunning, running());
                    Thread.sleep(20);
                }
                HttpResponse<String> response = post.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 202) {
                    Matcher id = ID.matcher(response.body());
                    assertThat(id.find()).as(response.body()).isTrue();
                    accepted.add(Long.parseLong(id.group(1)));
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                    assertThat(response.headers().firstValue("Retry-After")).as(response.body()).isPresent();
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                }
            }
            assertThat(statuses).containsOnly(202, 429);
            assertThat(accepted).as("the queue takes at least concurrency + capacity").hasSizeGreaterThanOrEqualTo(CONCURRENCY);
            assertThat(statuses).contains(429);

            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            List<Long> unfinished = new ArrayList<>(accepted);
            while (!unfinished.isEmpty() && System.nanoTime() < until) {
                maxRunning = Math.max(maxRunning, running());
                unfinished.removeIf(id -> isFinished(client, id));
                Thread.sleep(50);
            }
            assertThat(unfinished).as("accepted test pulls that never finished").isEmpty();
            assertThat(maxRunning).as("RUNNING test pulls at any poll").isBetween(1, CONCURRENCY);
            assertThat(jdbc.queryForObject("select count(*) from pull_test", Long.class)).isEqualTo(accepted.size());
        } finally {
            slow.stop(0);
        }
    }

    private int running() {
        return jdbc.queryForObject("select count(*) from pull_test where status = 'RUNNING'", Integer.class);
    }

    private boolean isFinished(HttpClient client, long id) {
        try {
            HttpResponse<String> view = client.send(HttpRequest.newBuilder(uri("/api/v1/pull-tests/" + id))
                .header("Authorization", operator.basicAuth()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
            Matcher status = STATUS.matcher(view.body());
            assertThat(status.find()).as(view.body()).isTrue();
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Answers every request after 200 ms: /v2/ as a registry without auth, everything else "unknown name". */
    private static HttpServer slowRegistry() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ping = exchange.getRequestURI().getPath().equals("/v2/");
            byte[] body = (ping ? "{}" : "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            exchange.sendResponseHeaders(ping ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
