package io.registryconsole.check;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A registry on 127.0.0.1 for behaviour real registries do not show on demand: 429 with rate-limit headers, a 5xx,
 * a stall. {@code GET /v2/} answers 200 as distribution does; everything else goes to the {@link Handler}.
 */
public final class FakeRegistryServer implements AutoCloseable {

    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeRegistryServer(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
                if (exchange.getRequestURI().getPath().equals("/v2/")) {
                    send(exchange, 200, "application/json", "{}", Map.of());
                } else {
                    handler.handle(exchange);
                }
            }
        });
        server.start();
    }

    public static FakeRegistryServer start(Handler handler) {
        return new FakeRegistryServer(handler);
    }

    /** Every request but the ping gets this status, headers and JSON body. */
    public static FakeRegistryServer answering(int status, Map<String, String> headers, String body) {
        return start(exchange -> send(exchange, status, "application/json", body, headers));
    }

    /**
     * A registry that counts pulls, as Docker Hub does: every request but the ping answers 200 with a single-platform
     * manifest's media type, {@code digest} and Docker Hub's RateLimit headers (an empty body: a GET is not meant to
     * come).
     */
    public static FakeRegistryServer countingPulls(String digest) {
        return start(exchange -> send(exchange, 200, "application/vnd.docker.distribution.manifest.v2+json", "{}",
            Map.of("Docker-Content-Digest", digest, "ratelimit-limit", "100;w=21600", "ratelimit-remaining", "99;w=21600")));
    }

    /** Every request but the ping waits (sending nothing) until {@link #release()} or close. */
    public static FakeRegistryServer stalling() {
        FakeRegistryServer[] self = new FakeRegistryServer[1];
        self[0] = start(exchange -> {
            try {
                self[0].released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"released\"}]}", Map.of());
        });
        return self[0];
    }

    public static void send(HttpExchange exchange, int status, String contentType, String body, Map<String, String> headers)
        throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void release() {
        released.countDown();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
