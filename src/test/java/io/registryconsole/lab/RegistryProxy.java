package io.registryconsole.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A plain-HTTP proxy on loopback in front of a real lab registry (the anonymous one): it forwards every request,
 * logs them (so a test can count what a client sent, e.g. no blob upload on a re-sync), and on demand shows
 * behaviour the real registry does not: refusing manifest puts into some repositories with a registry error code,
 * or dying in the middle of a blob. Nothing else is changed: headers and bodies pass through, upload Locations are
 * rewritten to point back at the proxy.
 */
public final class RegistryProxy implements AutoCloseable {

    private final URI upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, String> refusedManifestRepos = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> cutBlobs = new ConcurrentHashMap<>();

    private RegistryProxy(URI upstream) {
        this.upstream = upstream;
        this.server = ProxyForwarding.server("registry-proxy", this::handle);
    }

    /** A proxy in front of a plain-HTTP registry such as {@link RegistryLab#anonymous()}. */
    public static RegistryProxy start(URI upstream) {
        return new RegistryProxy(upstream);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far as "METHOD /path?query". */
    public List<String> requests() {
        return List.copyOf(log);
    }

    public int mark() {
        return log.size();
    }

    public List<String> requestsSince(int mark) {
        return List.copyOf(log.subList(mark, log.size()));
    }

    /** Manifest puts into repositories starting with {@code prefix} get 400 with {@code code}. */
    public void refuseManifests(String repositoryPrefix, String code) {
        refusedManifestRepos.put(repositoryPrefix, code);
    }

    /** GETs of this blob send {@code bytes} of the body, then end it (short of the length the manifest declares). */
    public void cutBlob(String digest, long bytes) {
        cutBlobs.put(digest, bytes);
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String pathAndQuery = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
            : "?" + ex.getRequestURI().getRawQuery());
        log.add(method + " " + pathAndQuery);
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (method.equals("PUT") && path.contains("/manifests/")) {
                String repo = path.substring("/v2/".length(), path.indexOf("/manifests/"));
                for (var refused : refusedManifestRepos.entrySet()) {
                    if (repo.startsWith(refused.getKey())) {
                        ex.getRequestBody().readAllBytes();
                        byte[] body = ("{\"errors\":[{\"code\":\"" + refused.getValue() + "\",\"message\":\"refused by the "
                            + "lab's rule for " + refused.getKey() + "*\"}]}").getBytes(StandardCharsets.UTF_8);
                        ex.getResponseHeaders().add("Content-Type", "application/json");
                        ex.sendResponseHeaders(400, body.length);
                        ex.getResponseBody().write(body);
                        return;
                    }
                }
            }
            forward(ex, method, pathAndQuery, path);
        } catch (IOException | InterruptedException e) {
            // the client went away or the cut was deliberate
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void forward(HttpExchange ex, String method, String pathAndQuery, String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(pathAndQuery));
        ProxyForwarding.requestHeaders(ex, b);
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        HttpRequest.BodyPublisher body;
        if (length != null && Long.parseLong(length) > 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody),
                Long.parseLong(length));
        } else if ("chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding"))) {
            body = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        b.method(method, body);
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        ProxyForwarding.responseHeaders(r, ex, upstream, baseUrl());
        long declared = r.headers().firstValueAsLong("content-length").orElse(-1);
        boolean noBody = method.equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304;
        if (noBody) {
            if (declared >= 0 && method.equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(declared));
            }
            ex.sendResponseHeaders(r.statusCode(), -1);
            r.body().close();
            return;
        }
        Long cut = null;
        if (method.equals("GET") && path.contains("/blobs/")) {
            cut = cutBlobs.get(path.substring(path.lastIndexOf('/') + 1));
        }
        // a cut blob goes out chunked, so that stopping early ends the body short (the JDK server keeps a fixed-length
        // connection open when fewer bytes came than announced, which a client sees as a stall, not a death)
        ex.sendResponseHeaders(r.statusCode(), cut != null ? 0 : declared >= 0 ? (declared == 0 ? -1 : declared) : 0);
        try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
            byte[] buffer = new byte[64 * 1024];
            long sent = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (cut != null && sent + n > cut) {
                    out.write(buffer, 0, (int) (cut - sent));
                    return; // the source dies mid-layer: the rest never comes
                }
                out.write(buffer, 0, n);
                sent += n;
            }
        }
    }

    /** Blob uploads (POST/PATCH/PUT under /blobs/uploads/) among {@code requests}. */
    public static List<String> blobUploads(List<String> requests) {
        List<String> uploads = new ArrayList<>();
        for (String r : requests) {
            if (r.contains("/blobs/uploads/")) {
                uploads.add(r);
            }
        }
        return uploads;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
