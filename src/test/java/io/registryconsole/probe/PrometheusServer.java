package io.registryconsole.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import io.registryconsole.lab.Programs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Prometheus on loopback, scraping every second a text the test sets (a scrape of the console's
 * {@code /actuator/prometheus}), so that dashboard queries can be evaluated by the real PromQL engine.
 */
final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicReference<String> exposition = new AtomicReference<>("");
    private final HttpServer target;
    private final Process process;
    private final Path dir;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(HttpServer target, Process process, Path dir, URI base) {
        this.target = target;
        this.process = process;
        this.dir = dir;
        this.base = base;
    }

    static PrometheusServer start(Path workDir) throws IOException {
        Path prometheus = Programs.require("prometheus", "prometheus");
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Path dir = Files.createDirectories(workDir);
        int port = freePort();
        Process process;
        try {
            Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: registry-console
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(target.getAddress().getPort()));
            process = new ProcessBuilder(prometheus.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        }
        catch (IOException | RuntimeException e) {
            target.stop(0);
            throw e;
        }
        PrometheusServer server = new PrometheusServer(target, process, dir, URI.create("http://127.0.0.1:" + port));
        target.createContext("/actuator/prometheus", exchange -> {
            byte[] body = server.exposition.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        return server;
    }

    /** What the next scrapes get. */
    void serve(String scrape) {
        exposition.set(scrape);
    }

    /** Waits until Prometheus has stored {@code scrapes} successful scrapes of the target. */
    void awaitScrapes(int scrapes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                JsonNode result = query("sum_over_time(up[5m])");
                if (result.path("data").path("result").size() == 1
                    && result.path("data").path("result").get(0).path("value").get(1).asDouble() >= scrapes) {
                    return;
                }
            }
            catch (UncheckedIOException notYetListening) {
                // starting
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("Prometheus did not scrape " + scrapes + " times within " + timeout + "; log:\n" + log());
            }
            sleep(200);
        }
    }

    /** The JSON answer of {@code /api/v1/query}: {@code status}, {@code data.result}, or {@code error}. */
    JsonNode query(String promql) {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        }
        catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        target.stop(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
