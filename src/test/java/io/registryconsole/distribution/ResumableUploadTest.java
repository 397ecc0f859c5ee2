package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Resuming a chunked upload after a broken connection, against a small fake target for what no real registry does
 * on demand: keep a part of a chunk that was cut (so the offset it reports is no chunk boundary), or forget the
 * session. The source is {@link FakeRegistry}, which ignores {@code Range}: the rest of the blob is read again from
 * the first byte, hashed, and only the bytes the target lacks are sent.
 */
class ResumableUploadTest {

    private static final int CHUNK = 256 * 1024;
    private static final int KEPT_OF_CUT_CHUNK = 100_003;

    private FakeRegistry source;
    private FakeTarget target;

    @BeforeEach
    void start() throws IOException {
        source = FakeRegistry.start();
        target = new FakeTarget();
    }

    @AfterEach
    void stop() {
        source.close();
        target.close();
    }

    private ImageCopier copier() {
        return new ImageCopier(RegistryClient.create(source.endpoint(Credentials.anonymous()), ClientOptions.defaults(), OutboundPolicy.defaults()),
                RegistryClient.create(RegistryEndpoint.of(target.url(), true, null, Credentials.anonymous()), ClientOptions.defaults(),
                        OutboundPolicy.defaults()), new ImageCopier.Options(1, CHUNK));
    }

    @Test
    void resumesAtAnOffsetThatIsNoChunkBoundary() {
        byte[] layer = FakeRegistry.random(4 * CHUNK + 12_345, 7);
        FakeRegistry.Image image = source.image("app", "1", "linux", "amd64", layer);
        target.cutPatch = 2;
        ResumeOffsets resumes = new ResumeOffsets();

        try (ImageCopier copier = copier()) {
            ImageCopier.CopyResult result = copier.copy("app", "1", "app", "1", Optional.empty(), resumes);
            assertThat(result.digest()).isEqualTo(image.manifestDigest());
        }

        long held = CHUNK + KEPT_OF_CUT_CHUNK;
        assertThat(resumes.offsets()).containsExactly(held);
        assertThat(target.committed).as("the target committed exactly the source's layer").contains(Digest.sha256(layer).toString());
        assertThat(target.ranges).containsExactly("0-" + (CHUNK - 1), CHUNK + "-" + (2 * CHUNK - 1),
                held + "-" + (held + CHUNK - 1), (held + CHUNK) + "-" + (held + 2 * CHUNK - 1), (held + 2 * CHUNK) + "-" + (layer.length - 1));
        assertThat(target.sessions.get()).as("no second upload session").isEqualTo(2); // config + layer
        assertThat(target.uploadBytes.get()).isLessThan(2L * layer.length);
    }

    @Test
    void aTargetThatForgotTheSessionGetsTheBlobAgainFromItsFirstByte() {
        byte[] layer = FakeRegistry.random(3 * CHUNK + 99, 8);
        FakeRegistry.Image image = source.image("app", "2", "linux", "amd64", layer);
        target.cutPatch = 2;
        target.forgetsCutSessions = true;
        ResumeOffsets resumes = new ResumeOffsets();

        try (ImageCopier copier = copier()) {
            ImageCopier.CopyResult result = copier.copy("app", "2", "app", "2", Optional.empty(), resumes);
            assertThat(result.digest()).isEqualTo(image.manifestDigest());
        }

        assertThat(resumes.offsets()).isEmpty();
        assertThat(target.committed).contains(Digest.sha256(layer).toString());
        assertThat(target.sessions.get()).as("a fresh session for the layer").isEqualTo(3);
        assertThat(target.ranges).filteredOn(r -> r.startsWith("0-")).hasSize(2);
    }

    @Test
    void aMonolithicPutWhoseConnectionBrokeStartsTheBlobAgain() {
        byte[] layer = FakeRegistry.random(CHUNK - 1, 9); // below the chunk size: one PUT
        FakeRegistry.Image image = source.image("app", "3", "linux", "amd64", layer);
        target.cutFirstBlobPut = true;

        try (ImageCopier copier = copier()) {
            assertThat(copier.copy("app", "3", "app", "3", Optional.empty(), null).digest()).isEqualTo(image.manifestDigest());
        }

        assertThat(target.committed).contains(Digest.sha256(layer).toString());
        assertThat(target.sessions.get()).as("config, the cut layer, the layer again").isEqualTo(3);
    }

    /**
     * Upload side of a registry: HEAD of blobs (always 404), POST → session, PATCH with Content-Range (must start at
     * the bytes held), GET of the session → 204 with Range, PUT ?digest (checks the digest), manifest PUT. The
     * {@code cutPatch}-th PATCH keeps the first {@link #KEPT_OF_CUT_CHUNK} bytes and drops the connection.
     */
    private static final class FakeTarget implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicInteger patches = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong uploadBytes = new java.util.concurrent.atomic.AtomicLong();
        final List<String> ranges = new CopyOnWriteArrayList<>();
        final List<String> committed = new CopyOnWriteArrayList<>();
        final java.util.Map<String, ByteArrayOutputStream> held = new java.util.concurrent.ConcurrentHashMap<>();
        volatile int cutPatch = -1;
        volatile boolean forgetsCutSessions;
        /** The first PUT that carries a body of more than 100 KB loses its connection half-way. */
        volatile boolean cutFirstBlobPut;

        FakeTarget() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery();
            if (path.equals("/v2/") || method.equals("HEAD")) {
                answer(ex, path.equals("/v2/") ? 200 : 404, null);
                return;
            }
            if (path.contains("/manifests/") && method.equals("PUT")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(body).toString());
                answer(ex, 201, null);
                return;
            }
            if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
                String id = "s" + sessions.incrementAndGet();
                held.put(id, new ByteArrayOutputStream());
                answer(ex, 202, id);
                return;
            }
            String id = path.substring(path.lastIndexOf('/') + 1);
            ByteArrayOutputStream bytes = held.get(id);
            if (bytes == null) {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                byte[] body = "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\",\"message\":\"blob upload unknown\"}]}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, body.length);
                ex.getResponseBody().write(body);
                ex.close();
                return;
            }
            switch (method) {
                case "PATCH" -> {
                    String range = ex.getRequestHeaders().getFirst("Content-Range");
                    ranges.add(range);
                    if (Long.parseLong(range.substring(0, range.indexOf('-'))) != bytes.size()) {
                        answer(ex, 416, id);
                        return;
                    }
                    InputStream in = ex.getRequestBody();
                    if (patches.incrementAndGet() == cutPatch) {
                        byte[] part = in.readNBytes(KEPT_OF_CUT_CHUNK);
                        uploadBytes.addAndGet(part.length);
                        bytes.write(part);
                        if (forgetsCutSessions) {
                            held.remove(id);
                        }
                        throw new IllegalStateException("cut"); // the server drops the connection, no answer
                    }
                    byte[] body = in.readAllBytes();
                    uploadBytes.addAndGet(body.length);
                    bytes.write(body);
                    answer(ex, 202, id);
                }
                case "GET" -> answer(ex, 204, id);
                case "PUT" -> {
                    String length = ex.getRequestHeaders().getFirst("Content-Length");
                    if (cutFirstBlobPut && length != null && Long.parseLong(length) > 100_000) {
                        cutFirstBlobPut = false;
                        ex.getRequestBody().readNBytes(50_000);
                        held.remove(id);
                        throw new IllegalStateException("cut");
                    }
                    bytes.write(ex.getRequestBody().readAllBytes());
                    String digest = query.substring(query.indexOf("digest=") + "digest=".length());
                    if (!Digest.sha256(bytes.toByteArray()).toString().equals(digest)) {
                        answer(ex, 400, null);
                        return;
                    }
                    committed.add(digest);
                    answer(ex, 201, null);
                }
                default -> answer(ex, 405, null);
            }
        }

        private void answer(HttpExchange ex, int status, String session) throws IOException {
            if (session != null && held.containsKey(session)) {
                ex.getResponseHeaders().add("Location", "/v2/app/blobs/uploads/" + session);
                int size = held.get(session).size();
                ex.getResponseHeaders().add("Range", "0-" + Math.max(0, size - 1));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
