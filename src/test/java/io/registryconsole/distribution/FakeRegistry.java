package io.registryconsole.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A registry on 127.0.0.1 for behaviour real registries do not show on demand (429 storms, stalls, truncation,
 * redirects, broken digests). It serves the read side of the distribution API from memory; tests push content
 * with {@link #image} / {@link #index} and bend behaviour with an {@link Interceptor}.
 */
final class FakeRegistry implements AutoCloseable {

    interface Interceptor {
        /** @return true when the exchange was answered */
        boolean handle(HttpExchange ex, String path) throws IOException;
    }

    record Stored(String mediaType, byte[] bytes) {
        Digest digest() {
            return Digest.sha256(bytes);
        }
    }

    record Seen(String method, String path, String authorization, String accept, String host) {
    }

    /** A pushed image: its manifest plus the digests of config and layers. */
    record Image(Digest manifestDigest, byte[] manifest, Descriptor config, List<Descriptor> layers) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, Stored> manifests = new ConcurrentHashMap<>();
    final Map<String, List<String>> tags = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger blobsInFlight = new AtomicInteger();
    final AtomicInteger maxBlobsInFlight = new AtomicInteger();
    volatile Interceptor interceptor;
    /** Basic auth "user:password" the registry demands, or null. */
    volatile String basicUserPassword;
    /** Token service whose tokens the registry accepts, or null for no bearer auth. */
    volatile FakeTokenServer tokenServer;
    /** Milliseconds to wait before each blob response (to observe parallelism). */
    volatile int blobDelayMillis;

    private FakeRegistry(HttpServer server) {
        this.server = server;
        server.createContext("/", ex -> {
            try (ex) {
                handle(ex);
            } catch (IOException | RuntimeException e) {
                // the client went away; nothing to answer
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    static FakeRegistry start() throws IOException {
        return new FakeRegistry(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeRegistry startTls(SSLContext context) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context));
        return new FakeRegistry(https);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** An insecure (plain HTTP) endpoint for this registry. */
    RegistryEndpoint endpoint(Credentials credentials) {
        return RegistryEndpoint.of(url(), true, null, credentials);
    }

    ImageReference ref(String repoAndTag) {
        return ImageReference.parse("127.0.0.1:" + port() + "/" + repoAndTag);
    }

    // ------------------------------------------------------------------ content

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    Descriptor blob(String mediaType, byte[] content) {
        Digest d = Digest.sha256(content);
        blobs.put(d.toString(), content);
        return Descriptor.of(mediaType, d, content.length);
    }

    Image image(String repository, String tag, String os, String arch, byte[]... layers) {
        return image(repository, tag, MediaTypes.OCI_MANIFEST, os, arch, "", layers);
    }

    Image image(String repository, String tag, String manifestType, String os, String arch, String variant, byte[]... layers) {
        boolean docker = manifestType.equals(MediaTypes.DOCKER_MANIFEST_V2);
        String configType = docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json";
        String layerType = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar";
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\"" + (variant.isEmpty() ? "" : ",\"variant\":\"" + variant + "\"")
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        Descriptor cfg = blob(configType, config.getBytes(StandardCharsets.UTF_8));
        List<Descriptor> layerDescriptors = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + manifestType + "\",\"config\":" + descriptorJson(cfg) + ",\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            Descriptor l = blob(layerType, layers[i]);
            layerDescriptors.add(l);
            json.append(i > 0 ? "," : "").append(descriptorJson(l));
        }
        json.append("]}");
        byte[] manifest = json.toString().getBytes(StandardCharsets.UTF_8);
        putManifest(repository, tag, manifestType, manifest);
        return new Image(Digest.sha256(manifest), manifest, cfg, layerDescriptors);
    }

    /** An index of the given images (pushed before, untagged or tagged) keyed by platform string. */
    Digest index(String repository, String tag, String indexType, Map<String, Image> byPlatform) {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + indexType + "\",\"manifests\":[");
        int i = 0;
        for (Map.Entry<String, Image> e : byPlatform.entrySet()) {
            String[] p = e.getKey().split("/");
            String mediaType = indexType.equals(MediaTypes.OCI_INDEX) ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST_V2;
            json.append(i++ > 0 ? "," : "").append("{\"mediaType\":\"").append(mediaType).append("\",\"digest\":\"")
                    .append(e.getValue().manifestDigest()).append("\",\"size\":").append(e.getValue().manifest().length)
                    .append(",\"platform\":{\"os\":\"").append(p[0]).append("\",\"architecture\":\"").append(p[1]).append('"')
                    .append(p.length > 2 ? ",\"variant\":\"" + p[2] + "\"" : "").append("}}");
        }
        json.append("]}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        putManifest(repository, tag, indexType, bytes);
        return Digest.sha256(bytes);
    }

    void putManifest(String repository, String tag, String mediaType, byte[] bytes) {
        Stored stored = new Stored(mediaType, bytes);
        manifests.put(repository + "@" + stored.digest(), stored);
        if (tag != null) {
            manifests.put(repository + ":" + tag, stored);
            tags.computeIfAbsent(repository, r -> new CopyOnWriteArrayList<>()).add(tag);
        } else {
            tags.computeIfAbsent(repository, r -> new CopyOnWriteArrayList<>());
        }
    }

    private static String descriptorJson(Descriptor d) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Accept"), ex.getRequestHeaders().getFirst("Host")));
        Interceptor i = interceptor;
        if (i != null && i.handle(ex, path)) {
            return;
        }
        if (!path.startsWith("/v2/")) {
            error(ex, 404, "NOT_FOUND", "not found");
            return;
        }
        String rest = path.substring(4);
        String repository = null;
        String scope = null;
        int m = rest.lastIndexOf("/manifests/");
        int b = rest.lastIndexOf("/blobs/");
        int t = rest.lastIndexOf("/tags/list");
        if (m > 0) {
            repository = rest.substring(0, m);
        } else if (b > 0) {
            repository = rest.substring(0, b);
        } else if (t > 0) {
            repository = rest.substring(0, t);
        }
        if (repository != null) {
            scope = "repository:" + repository + ":pull";
        }
        if (!authorized(ex, scope)) {
            return;
        }
        if (rest.isEmpty()) {
            ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            send(ex, 200, "application/json; charset=utf-8", "{}".getBytes(StandardCharsets.UTF_8));
        } else if (m > 0) {
            serveManifest(ex, repository, rest.substring(m + "/manifests/".length()));
        } else if (b > 0) {
            serveBlob(ex, rest.substring(b + "/blobs/".length()));
        } else if (t > 0) {
            List<String> list = tags.get(repository);
            if (list == null) {
                error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry");
            } else {
                String json = "{\"name\":\"" + repository + "\",\"tags\":[" + String.join(",", new TreeSet<>(list).stream().map(x -> "\"" + x + "\"").toList()) + "]}";
                send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            error(ex, 404, "NOT_FOUND", "unknown path");
        }
    }

    private boolean authorized(HttpExchange ex, String scope) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String basic = basicUserPassword;
        if (basic != null) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                error(ex, 401, "UNAUTHORIZED", "authentication required");
                return false;
            }
            return true;
        }
        FakeTokenServer ts = tokenServer;
        if (ts == null) {
            return true;
        }
        String challenge = "Bearer realm=\"" + ts.realm() + "\",service=\"fake-registry\"" + (scope == null ? "" : ",scope=\"" + scope + "\"");
        if (auth == null || !auth.startsWith("Bearer ")) {
            ex.getResponseHeaders().set("WWW-Authenticate", challenge);
            error(ex, 401, "UNAUTHORIZED", "authentication required");
            return false;
        }
        FakeTokenServer.Grant grant = ts.issued.get(auth.substring(7));
        if (grant == null) {
            ex.getResponseHeaders().set("WWW-Authenticate", challenge + ",error=\"invalid_token\"");
            error(ex, 401, "UNAUTHORIZED", "invalid token");
            return false;
        }
        if (scope != null && !grant.scopes().contains(scope)) {
            ex.getResponseHeaders().set("WWW-Authenticate", challenge + ",error=\"insufficient_scope\"");
            error(ex, 401, "UNAUTHORIZED", "authentication required");
            return false;
        }
        return true;
    }

    private void serveManifest(HttpExchange ex, String repository, String reference) throws IOException {
        Stored stored = manifests.get(repository + (reference.contains(":") ? "@" : ":") + reference);
        if (stored == null) {
            if (tags.containsKey(repository)) {
                error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown");
            } else {
                error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry");
            }
            return;
        }
        ex.getResponseHeaders().set("Docker-Content-Digest", stored.digest().toString());
        send(ex, 200, stored.mediaType(), stored.bytes());
    }

    private void serveBlob(HttpExchange ex, String digest) throws IOException {
        byte[] content = blobs.get(digest);
        if (content == null) {
            error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry");
            return;
        }
        int now = blobsInFlight.incrementAndGet();
        maxBlobsInFlight.accumulateAndGet(now, Math::max);
        try {
            if (blobDelayMillis > 0) {
                Thread.sleep(blobDelayMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // before the body goes out: once the client has it, it may start the next blob at once, and a count
            // still held here would look like two blobs in flight
            blobsInFlight.decrementAndGet();
        }
        ex.getResponseHeaders().set("Docker-Content-Digest", digest);
        send(ex, 200, "application/octet-stream", content);
    }

    static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        String json = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}";
        ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        send(ex, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    List<Seen> seen(String pathPart) {
        return seen.stream().filter(s -> s.path().contains(pathPart)).toList();
    }

    static Map<String, Image> platforms(Object... pairs) {
        Map<String, Image> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Image) pairs[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
