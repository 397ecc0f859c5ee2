package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * Finding 5: 250 concurrent checks against a registry that never answers took every web thread, and
 * {@code /actuator/health} stalled. Now the console runs at most {@code console.checks.max-concurrent} checks at once
 * and answers the rest 429 with Retry-After; health keeps answering. Here with 20 web threads and 40 checks, so the
 * old behaviour (every check holding a web thread for its whole timeout) would starve health.
 */
@Tag("db")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "server.tomcat.threads.max=20", "console.checks.max-concurrent=4", "console.checks.timeout=60s"})
class BoundedChecksTest {

    static final int CHECKS = 40;

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
        operator = accounts.user("checker", Role.OPERATOR);
    }

    @Test
    void checksBeyondTheBoundGet429AndHealthKeepsAnswering() throws Exception {
        checksAgainstASilentRegistry(CHECKS);
    }

    /** The load case: 250 at once; health still answers (5 s client timeout) and the excess get 429. */
    @Test
    void twoHundredFiftyConcurrentChecksLeaveHealthAnswering() throws Exception {
        checksAgainstASilentRegistry(250);
    }

    private void checksAgainstASilentRegistry(int count) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            long id = registries.create(new RegistryRequest("silent", silent.url(), null, true, null, null, null, null, null)).id();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            List<CompletableFuture<HttpResponse<String>>> checks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                checks.add(client.sendAsync(HttpRequest.newBuilder(uri("/api/v1/registries/" + id + "/check"))
                    .header("Authorization", operator.basicAuth()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
            }
            // wait until the admitted checks are stuck at the silent registry
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (silent.connections() < 4 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(silent.connections()).as("checks reached the silent registry").isGreaterThanOrEqualTo(4);

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            List<HttpResponse<String>> refused = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> check : checks) {
                if (check.isDone()) {
                    refused.add(check.get());
                }
            }
            silent.close();   // lets the admitted checks end
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> check : checks) {
                HttpResponse<String> response = check.get(3, TimeUnit.MINUTES);
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    assertThat(response.headers().firstValue("Retry-After")).as(response.body()).isPresent();
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                    assertThat(response.body()).contains("\"status\":429").contains("console.checks.max-concurrent");
                }
            }
            assertThat(statuses).containsOnly(200, 429);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(1L, 4L + count / 2);
            assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(count / 2);
            assertThat(refused).isNotEmpty();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
