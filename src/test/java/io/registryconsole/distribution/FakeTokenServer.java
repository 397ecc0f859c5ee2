package io.registryconsole.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token service for {@link FakeRegistry} on 127.0.0.1, implementing the distribution token protocol: GET with
 * optional Basic credentials, and the OAuth2 POST (refresh_token grant) unless switched off. Tokens are opaque
 * strings remembered with the scopes they grant.
 */
final class FakeTokenServer implements AutoCloseable {

    record Grant(String account, Set<String> scopes) {
    }

    record Seen(String method, String query, String authorization, String form) {
    }

    private final HttpServer server;
    final Map<String, String> users = new ConcurrentHashMap<>();
    final Set<String> identityTokens = ConcurrentHashMap.newKeySet();
    final Map<String, Grant> issued = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    /** Which account (null = anonymous) may pull which scope. */
    volatile BiPredicate<String, String> grants = (account, scope) -> true;
    volatile boolean postSupported = true;
    volatile boolean useAccessTokenField;
    volatile Integer expiresIn = 300;
    volatile boolean allowAnonymous = true;

    private FakeTokenServer(HttpServer server) {
        this.server = server;
        server.createContext("/token", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    static FakeTokenServer start() throws IOException {
        return new FakeTokenServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String query = ex.getRequestURI().getRawQuery();
            String form = ex.getRequestMethod().equals("POST") ? new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : null;
            seen.add(new Seen(ex.getRequestMethod(), query, auth, form));
            String account;
            List<String> scopes = new ArrayList<>();
            if (ex.getRequestMethod().equals("POST")) {
                if (!postSupported) {
                    send(ex, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\"}]}");
                    return;
                }
                Map<String, String> f = parse(form);
                if (!"refresh_token".equals(f.get("grant_type")) || !identityTokens.contains(f.get("refresh_token"))) {
                    send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is not valid\"}");
                    return;
                }
                account = "identity";
                if (f.containsKey("scope")) {
                    scopes.addAll(List.of(f.get("scope").split(" ")));
                }
            } else {
                Map<String, List<String>> q = parseMulti(query);
                scopes.addAll(q.getOrDefault("scope", List.of()));
                if (auth == null) {
                    if (!allowAnonymous) {
                        send(ex, 401, "{\"details\":\"anonymous access is not allowed\"}");
                        return;
                    }
                    account = null;
                } else {
                    String[] userPass = new String(Base64.getDecoder().decode(auth.substring("Basic ".length())), StandardCharsets.UTF_8).split(":", 2);
                    boolean ok = userPass.length == 2 && (userPass[1].equals(users.get(userPass[0])) || identityTokens.contains(userPass[1]));
                    if (!ok) {
                        send(ex, 401, "{\"details\":\"incorrect username or password\"}");
                        return;
                    }
                    account = userPass[0];
                }
            }
            Set<String> granted = ConcurrentHashMap.newKeySet();
            for (String scope : scopes) {
                if (grants.test(account, scope)) {
                    granted.add(scope);
                }
            }
            String token = "tok-" + counter.incrementAndGet();
            issued.put(token, new Grant(account, granted));
            String field = useAccessTokenField ? "access_token" : "token";
            String exp = expiresIn == null ? "" : ",\"expires_in\":" + expiresIn;
            send(ex, 200, "{\"" + field + "\":\"" + token + "\"" + exp + ",\"issued_at\":\"2024-01-01T00:00:00Z\"}");
        }
    }

    int fetches() {
        return seen.size();
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> map = new HashMap<>();
        parseMulti(form).forEach((k, v) -> map.put(k, v.get(0)));
        return map;
    }

    private static Map<String, List<String>> parseMulti(String query) {
        Map<String, List<String>> map = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return map;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return map;
    }

    static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
