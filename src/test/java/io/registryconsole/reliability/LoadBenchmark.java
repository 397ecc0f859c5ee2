package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

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
import io.registryconsole.lab.Programs;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * The read API under wrk (Debian's wrk) with HTTP Basic and with an API token while 20 test pulls run against a
 * registry that trickles its manifest; then heap used (after a GC) and the JVM's RSS. Run by scripts/bench-load.sh;
 * the table lands in target/bench-load-h2.txt or -postgres.txt. A benchmark: it reports figures, it asserts only that the runs worked.
 */
@Tag("benchmark")
@Tag("db")   // measured on H2 and on PostgreSQL; the benchmark tag keeps it out of CI
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "console.pull-tests.concurrency=20", "console.pull-tests.queue-capacity=20", "console.pull-tests.timeout=120s"})
class LoadBenchmark {

    static final int PULLS = 20;
    static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;

    @Test
    void readApiWhileTestPullsRun() throws Exception {
        Programs.require("wrk", "wrk");
        int seconds = Integer.getInteger("bench.seconds", 15);
        int connections = Integer.getInteger("bench.connections", 16);
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        TestUser admin = accounts.user("bench", Role.ADMIN);
        for (int i = 0; i < 20; i++) {
            registries.create(new RegistryRequest("bench-" + i, "https://bench-" + i + ".example.com", null, true, null, null, null, null, null));
        }
        HttpClient client = HttpClient.newHttpClient();
        String token = token(client, admin);

        HttpServer trickling = tricklingRegistry();
        try {
            long registry = registries.create(new RegistryRequest("trickle", "http://127.0.0.1:" + trickling.getAddress().getPort(),
                null, true, null, null, null, null, null)).id();
            for (int i = 0; i < PULLS; i++) {
                HttpResponse<String> started = client.send(HttpRequest.newBuilder(uri("/api/v1/pull-tests"))
                    .header("Authorization", admin.basicAuth()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"library/bench-" + i + ":1\",\"registryId\":" + registry + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            }
            wrk("Bearer " + token, 5, connections);   // warm-up: JIT, connection pool
            int runningBefore = running();
            String[] tokenRun = wrk("Bearer " + token, seconds, connections);
            String[] basicRun = wrk(admin.basicAuth(), seconds, connections);
            int runningAfter = running();

            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
            String table = String.format("""
                auth      requests/s        p99
                token   %12s %10s
                basic   %12s %10s
                test pulls RUNNING: %d when the token run started, %d after the Basic run (of %d started)
                heap used after the run and a GC: %d MiB (max %d MiB); %s (the test JVM: console + Maven's test runner)
                wrk -t2 -c%d -d%ds, GET /api/v1/registries (21 registries); cores: %d; load: %s
                """, tokenRun[0], tokenRun[1], basicRun[0], basicRun[1], runningBefore, runningAfter, PULLS, heapMb,
                Runtime.getRuntime().maxMemory() >> 20, rss, connections, seconds, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
            Files.writeString(Path.of("target/bench-load-" + (TestDatabases.postgres() ? "postgres" : "h2") + ".txt"), table);
            System.out.println(table);
            assertThat(runningBefore).isPositive();
        } finally {
            trickling.stop(0);
        }
    }

    private int running() {
        return jdbc.queryForObject("select count(*) from pull_test where status = 'RUNNING'", Integer.class);
    }

    /** Runs wrk and returns {requests/s, p99}; fails on any non-2xx answer. */
    private String[] wrk(String authorization, int seconds, int connections) {
        Programs.Result result = Programs.run(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
            "-H", "Authorization: " + authorization, uri("/api/v1/registries").toString()), Map.of(), Duration.ofSeconds(seconds + 120));
        String out = result.stdoutOrThrow();
        assertThat(out).as("wrk saw errors:\n" + out).doesNotContain("Non-2xx");
        Matcher rps = Pattern.compile("Requests/sec:\\s+(\\S+)").matcher(out);
        Matcher p99 = Pattern.compile("\\n\\s+99%\\s+(\\S+)").matcher(out);
        assertThat(rps.find() && p99.find()).as(out).isTrue();
        return new String[] {rps.group(1), p99.group(1)};
    }

    private String token(HttpClient client, TestUser admin) throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
            .header("Authorization", admin.basicAuth()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    /** /v2/ answers at once; a manifest trickles one byte every 500 ms (about 60 s), so the pulls stay RUNNING. */
    private static HttpServer tricklingRegistry() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(PULLS + 8));
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            if (exchange.getRequestURI().getPath().equals("/v2/")) {
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            exchange.sendResponseHeaders(200, 1000);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 120; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (Exception gone) {
                // the console gave up or the benchmark ended
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
