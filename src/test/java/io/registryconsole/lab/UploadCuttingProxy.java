package io.registryconsole.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A front proxy on loopback before a real lab registry that buffers each request body before forwarding it, as nginx
 * does by default ({@code proxy_request_buffering on}), and on demand drops the client's connection once in the
 * middle of a blob upload's {@code PATCH} body: the registry then never sees that partial chunk, so its upload holds
 * exactly the chunks it acknowledged, and a client may resume. It logs every request with its {@code Content-Range}
 * and counts the upload body bytes that arrived (the cut chunk's partial bytes included), to show how much was sent
 * again after the cut.
 */
public final class UploadCuttingProxy implements AutoCloseable {

    private final URI upstream;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicLong uploadBodyBytes = new AtomicLong();
    private final AtomicInteger patches = new AtomicInteger();
    private volatile int cutPatch = -1;
    private volatile long cutAfter;
    private volatile boolean registrySeesCut;

    private UploadCuttingProxy(URI upstream) {
        this.upstream = upstream;
        this.server = ProxyForwarding.server("upload-cutting-proxy", this::handle);
    }

    /** A proxy before a plain-HTTP registry (the anonymous one, or {@link RegistryLab#emptyRegistry}). */
    public static UploadCuttingProxy start(URI upstream) {
        return new UploadCuttingProxy(upstream);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The {@code patch}-th PATCH from now on (1 = the next) loses its connection after {@code afterBytes} of its body. */
    public void cutPatch(int patch, long afterBytes) {
        cutAfter = afterBytes;
        cutPatch = patches.get() + patch;
    }

    /**
     * Like {@link #cutPatch}, but the registry gets the cut too: the request's head and the bytes that came reach it
     * on a connection that is then reset, as without a buffering proxy in front of it.
     */
    public void cutPatchAtTheRegistry(int patch, long afterBytes) {
        registrySeesCut = true;
        cutPatch(patch, afterBytes);
    }

    /** Every request so far: "METHOD /path" plus " Content-Range: a-b" when it had one. */
    public List<String> requests() {
        return List.copyOf(log);
    }

    /** Body bytes of PATCH and PUT requests under /blobs/uploads/ that arrived here, forwarded or cut. */
    public long uploadBodyBytes() {
        return uploadBodyBytes.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String path = uri.getRawPath();
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        log.add(method + " " + path + (range == null ? "" : " Content-Range: " + range));
        boolean upload = path.contains("/blobs/uploads/") && (method.equals("PATCH") || method.equals("PUT"));
        if (upload && method.equals("PATCH") && patches.incrementAndGet() == cutPatch) {
            InputStream in = ex.getRequestBody();
            long read = 0;
            byte[] received = new byte[(int) cutAfter];
            while (read < cutAfter) {
                int n = in.read(received, (int) read, (int) (cutAfter - read));
                if (n < 0) {
                    break;
                }
                read += n;
            }
            uploadBodyBytes.addAndGet(read);
            log.add("CUT after " + read + " bytes");
            if (registrySeesCut) {
                sendCutRequest(ex, path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), received, (int) read);
            }
            // An exception out of the handler makes the JDK server close the connection without an answer.
            throw new IllegalStateException("connection cut by the lab's proxy");
        }
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (upload) {
                uploadBodyBytes.addAndGet(body.length);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            ProxyForwarding.requestHeaders(ex, b);
            b.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            ProxyForwarding.responseHeaders(r, ex, upstream, baseUrl());
            if (method.equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304 || r.body().length == 0) {
                r.headers().firstValue("content-length").filter(l -> method.equals("HEAD"))
                    .ifPresent(l -> ex.getResponseHeaders().set("Content-Length", l));
                ex.sendResponseHeaders(r.statusCode(), -1);
                return;
            }
            ex.sendResponseHeaders(r.statusCode(), r.body().length);
            ex.getResponseBody().write(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PATCH's head and its first {@code length} bytes to the registry, then a reset connection. */
    private void sendCutRequest(HttpExchange ex, String pathAndQuery, byte[] body, int length) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(upstream.getHost(), upstream.getPort())) {
            StringBuilder head = new StringBuilder("PATCH " + pathAndQuery + " HTTP/1.1\r\nHost: " + upstream.getAuthority() + "\r\n");
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!ProxyForwarding.hopByHop(name) || name.equalsIgnoreCase("content-length")) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            head.append("\r\n");
            socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body, 0, length);
            socket.getOutputStream().flush();
            Thread.sleep(200); // let the registry read what came before the reset
            socket.setSoLinger(true, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
