package io.registryconsole.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A plain-HTTP registry on 127.0.0.1 serving one image, {@code demo/app:1}, whose layer stalls after its first bytes
 * until {@link #close()}: what no real registry does on demand, and what a test needs to stop a console in the middle
 * of a FULL test pull.
 */
final class StallingRegistry implements AutoCloseable {

    static final String REPOSITORY = "demo/app";

    private final HttpServer server;
    private final byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    private final byte[] layer = new byte[4 * 1024 * 1024];
    private final byte[] manifest;
    final CountDownLatch layerStarted = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    StallingRegistry() throws IOException {
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config) + "\",\"size\":" + config.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + digest(layer)
            + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try (ex) {
                handle(ex);
            } catch (IOException | RuntimeException e) {
                // the console went away
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (path.equals("/v2/")) {
            send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), head);
        } else if (path.equals("/v2/" + REPOSITORY + "/manifests/1") || path.equals("/v2/" + REPOSITORY + "/manifests/" + digest(manifest))) {
            ex.getResponseHeaders().set("Docker-Content-Digest", digest(manifest));
            send(ex, 200, "application/vnd.oci.image.manifest.v1+json", manifest, head);
        } else if (path.equals("/v2/" + REPOSITORY + "/blobs/" + digest(config))) {
            send(ex, 200, "application/octet-stream", config, head);
        } else if (path.equals("/v2/" + REPOSITORY + "/blobs/" + digest(layer))) {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, layer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(layer, 0, 1024);
                out.flush();
                layerStarted.countDown();
                released.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            send(ex, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}".getBytes(StandardCharsets.UTF_8),
                head);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (head) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
