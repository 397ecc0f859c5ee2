package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** What the lab's front proxies share: a loopback server, and headers passed on without the hop-by-hop ones. */
final class ProxyForwarding {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
        "transfer-encoding", "keep-alive");

    private ProxyForwarding() {
    }

    static boolean hopByHop(String header) {
        return HOP_HEADERS.contains(header.toLowerCase(Locale.ROOT));
    }

    /** A started HTTP server on 127.0.0.1, an ephemeral port, one daemon thread per request. */
    static HttpServer server(String threadName, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client's end-to-end headers onto the request to the registry. */
    static void requestHeaders(HttpExchange from, HttpRequest.Builder to) {
        from.getRequestHeaders().forEach((name, values) -> {
            if (!hopByHop(name)) {
                values.forEach(v -> to.header(name, v));
            }
        });
    }

    /** The registry's end-to-end headers onto the answer, its upload Locations pointed back at the proxy. */
    static void responseHeaders(HttpResponse<?> from, HttpExchange to, URI upstream, URI proxy) {
        from.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (hopByHop(lower) || lower.equals(":status")) {
                return;
            }
            for (String v : values) {
                to.getResponseHeaders().add(name, lower.equals("location")
                    ? v.replace(upstream.toString().replaceAll("/$", ""), proxy.toString()) : v);
            }
        });
    }
}
