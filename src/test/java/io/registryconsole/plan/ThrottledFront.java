package io.registryconsole.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A slow mirror for speed tests: a plain-HTTP front on 127.0.0.1 that forwards every request to a real lab registry
 * (so it serves exactly the same digests) and sends blob bodies at about {@code bytesPerSecond}. No real server throttles
 * on demand, hence this small fake.
 */
final class ThrottledFront implements AutoCloseable {

    private static final List<String> FORWARDED = List.of("Content-Type", "Docker-Content-Digest", "Docker-Distribution-Api-Version",
        "WWW-Authenticate", "Location");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI upstream;
    private final int bytesPerSecond;

    ThrottledFront(URI upstream, int bytesPerSecond) throws IOException {
        this.upstream = upstream;
        this.bytesPerSecond = bytesPerSecond;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                forward(ex);
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the client went away
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange ex) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        for (String name : List.of("Accept", "Authorization")) {
            ex.getRequestHeaders().getOrDefault(name, List.of()).forEach(v -> request.header(name, v));
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        for (String name : FORWARDED) {
            response.headers().allValues(name).forEach(v -> ex.getResponseHeaders().add(name, v));
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(Math.max(length, 0)));
        }
        ex.sendResponseHeaders(response.statusCode(), head ? -1 : length == 0 ? -1 : Math.max(length, 0));
        boolean slow = ex.getRequestURI().getPath().contains("/blobs/");
        try (InputStream in = response.body(); OutputStream out = ex.getResponseBody()) {
            byte[] chunk = new byte[slow ? Math.max(1, bytesPerSecond / 4) : 8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                out.flush();
                if (slow) {
                    Thread.sleep(250L * n / chunk.length);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
