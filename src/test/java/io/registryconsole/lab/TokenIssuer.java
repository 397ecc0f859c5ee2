package io.registryconsole.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A small Docker-registry token server (the "realm" of {@code Bearer} challenges) running in the test JVM on
 * 127.0.0.1 over HTTPS with a certificate from the lab CA.
 * <ul>
 * <li>{@code GET /token?service=&scope=...&account=&offline_token=} with optional Basic credentials answers
 * {@code {"token", "access_token", "expires_in", "issued_at"}} (+ {@code refresh_token} when
 * {@code offline_token=true} and a user logged in). Bad credentials: 401.</li>
 * <li>{@code POST /token} (OAuth2 form) with {@code grant_type=password} (username, password) or
 * {@code grant_type=refresh_token} answers {@code {"access_token", "scope", "expires_in", "issued_at"}}
 * (+ {@code refresh_token} when {@code access_type=offline}). Bad grant: 400 {@code invalid_grant}.</li>
 * </ul>
 * Tokens are RS256 JWTs that distribution 2.8 accepts: {@code iss}, {@code sub}, {@code aud} (a string: the
 * service), {@code exp}/{@code nbf}/{@code iat}, {@code jti} and {@code access} claims; the header carries the
 * signing certificate as {@code x5c} (chained to the lab CA) or, after {@link #useKeyIdHeader()}, a libtrust
 * {@code kid}. Access is granted per repository by {@link Grant}s; what a user may not do is left out of the
 * token's actions, so the registry answers 401 {@code insufficient_scope}.
 *
 * <p>Settings that tests change ({@link #tokenLifetime}, {@link #grant}, ...) return an {@link AutoCloseable}
 * that restores the previous state: use them in try-with-resources, the issuer is shared by every test.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String SERVICE = "registry-console-lab";
    public static final String ISSUER = "registry-lab-token-issuer";
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** Which actions a subject may take on repositories matching a glob ({@code *} matches anything). */
    public record Grant(String subject, String repositoryGlob, Set<String> actions) {

        /** Subject of anonymous requests (no credentials). */
        public static final String ANONYMOUS = "<anonymous>";
        /** Subject matching every logged-in user. */
        public static final String ANY_USER = "<any-user>";

        boolean appliesTo(String user, String repository) {
            boolean subjectMatches = subject.equals(user == null ? ANONYMOUS : user)
                || (user != null && subject.equals(ANY_USER));
            return subjectMatches && glob(repositoryGlob, repository);
        }

        private static boolean glob(String glob, String name) {
            String regex = ("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q");
            return name.matches(regex);
        }
    }

    /**
     * One request the issuer answered; secrets (passwords, refresh tokens) are not recorded.
     *
     * @param method     GET or POST
     * @param grantType  the POST grant type, null for GET
     * @param basicAuth  whether an {@code Authorization: Basic} header was sent
     * @param user       the authenticated user, null when anonymous or rejected
     * @param scopes     the requested scopes as sent
     * @param granted    the scopes granted, as {@code type:name:actions} (actions may be empty)
     * @param status     the HTTP status answered
     * @param https      false when the request came to the plain-HTTP listener ({@link #plainHttpRealm()})
     */
    public record TokenRequest(Instant at, String method, String grantType, String service, String account,
            String clientId, boolean basicAuth, String user, boolean offline, List<String> scopes,
            List<String> granted, int status, boolean https) {
    }

    private final HttpsServer server;
    private HttpServer plainServer;
    private final ExecutorService executor;
    private final TestCa.IssuedCert signingCert;
    private final String keyId;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<Grant> grants = new CopyOnWriteArrayList<>();
    private final List<TokenRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger expiredTokensToIssue = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration lifetime = DEFAULT_LIFETIME;
    private volatile boolean postEnabled = true;
    private volatile boolean keyIdHeader;
    private volatile boolean omitExpiresIn;
    private volatile Duration clockOffset = Duration.ZERO;

    TokenIssuer(TestCa ca) {
        this.signingCert = ca.issueRsa("lab token signer", Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(30)));
        this.keyId = libtrustKeyId(signingCert.certificate().getPublicKey().getEncoded());
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(TestCa.serverContext(ca.issueForLoopback("lab token issuer"))));
        server.createContext("/token", this::handle);
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "lab-token-issuer");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The token endpoint, e.g. {@code https://127.0.0.1:41234/token}. */
    public URI realm() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /**
     * The same token endpoint over plain HTTP ({@code http://127.0.0.1:<port>/token}), started on first use: the
     * realm of a misconfigured registry to which clients must not send credentials.
     */
    public synchronized URI plainHttpRealm() {
        if (plainServer == null) {
            try {
                plainServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            plainServer.createContext("/token", this::handle);
            plainServer.setExecutor(executor);
            plainServer.start();
        }
        return URI.create("http://127.0.0.1:" + plainServer.getAddress().getPort() + "/token");
    }

    public String service() {
        return SERVICE;
    }

    public String issuer() {
        return ISSUER;
    }

    /** Adds a user (or changes its password). */
    public void addUser(String user, String password) {
        passwords.put(user, password);
    }

    /**
     * The long-lived refresh ("identity") token of {@code user}, accepted by {@code grant_type=refresh_token};
     * stable for the JVM's lifetime.
     */
    public String refreshToken(String user) {
        if (!passwords.containsKey(user)) {
            throw new IllegalArgumentException("unknown user " + user);
        }
        return refreshTokens.entrySet().stream()
            .filter(e -> e.getValue().equals(user))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseGet(() -> {
                String token = "lab-refresh-" + user + "-" + randomHex(16);
                refreshTokens.put(token, user);
                return token;
            });
    }

    /** Grants {@code actions} on repositories matching {@code repositoryGlob} until closed. */
    public Restore grant(String subject, String repositoryGlob, String... actions) {
        Grant grant = new Grant(subject, repositoryGlob, new LinkedHashSet<>(List.of(actions)));
        grants.add(grant);
        return () -> grants.remove(grant);
    }

    /** Lets anonymous requests pull repositories matching {@code repositoryGlob} until closed. */
    public Restore allowAnonymousPull(String repositoryGlob) {
        return grant(Grant.ANONYMOUS, repositoryGlob, "pull");
    }

    /** The current grants, in order. */
    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    /** Tokens issued until closed say (and are valid for) {@code lifetime}. */
    public Restore tokenLifetime(Duration lifetime) {
        Duration previous = this.lifetime;
        this.lifetime = lifetime;
        return () -> this.lifetime = previous;
    }

    /** Responses leave {@code expires_in} out until closed (clients must assume 60 seconds). */
    public Restore omitExpiresIn() {
        boolean previous = omitExpiresIn;
        omitExpiresIn = true;
        return () -> omitExpiresIn = previous;
    }

    /**
     * The next {@code count} tokens are already expired beyond the registry's 60 s leeway (while
     * {@code expires_in} still promises the normal lifetime), so the registry answers {@code invalid_token}.
     */
    public Restore issueExpiredTokens(int count) {
        expiredTokensToIssue.set(count);
        return () -> expiredTokensToIssue.set(0);
    }

    /**
     * The issuer's clock runs {@code offset} ahead (negative: behind) until closed: tokens carry iat/nbf/exp and
     * {@code issued_at} by that clock, as a token service on a host with a skewed clock does. (The JDK server writes
     * the Date header itself, from the real clock.)
     */
    public Restore clockOffset(Duration offset) {
        Duration previous = this.clockOffset;
        this.clockOffset = offset;
        return () -> this.clockOffset = previous;
    }

    /** POST /token answers 404 (as some registries do) until closed; clients must fall back to GET. */
    public Restore disableOAuthPost() {
        postEnabled = false;
        return () -> postEnabled = true;
    }

    /** Tokens carry a libtrust {@code kid} header instead of {@code x5c} until closed. */
    public Restore useKeyIdHeader() {
        keyIdHeader = true;
        return () -> keyIdHeader = false;
    }

    /** PEM bundle the registry trusts for token signatures (the lab CA and the signing certificate). */
    String rootCertBundle(TestCa ca) {
        return ca.pem() + signingCert.certificatePem();
    }

    /** All requests so far, oldest first. */
    public List<TokenRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** A position in the request log, for {@link #requestsSince}. */
    public int mark() {
        return requests.size();
    }

    /** Requests answered after {@code mark}. */
    public List<TokenRequest> requestsSince(int mark) {
        synchronized (requests) {
            return List.copyOf(requests.subList(Math.min(mark, requests.size()), requests.size()));
        }
    }

    /** The libtrust key ID of the signing key (what {@code kid} carries). */
    public String keyId() {
        return keyId;
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        if (plainServer != null) {
            plainServer.stop(0);
        }
        executor.shutdownNow();
    }

    /** Restores a setting; closing twice is harmless. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (method.equals("GET")) {
                handleGet(exchange);
            } else if (method.equals("POST")) {
                handlePost(exchange);
            } else {
                send(exchange, 405, Map.of("error", "method_not_allowed"));
            }
        } catch (RuntimeException e) {
            // Keep the issuer answering; the failure shows up in the test as a 500.
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void handleGet(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        String user = null;
        if (basic) {
            String[] credentials = decodeBasic(authorization.substring(6).trim());
            if (credentials == null || !credentials[1].equals(passwords.get(credentials[0]))) {
                log(exchange, "GET", null, query, true, null, false, List.of(), 401);
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
                send(exchange, 401, Map.of("errors",
                    List.of(Map.of("code", "UNAUTHORIZED", "message", "incorrect username or password"))));
                return;
            }
            user = credentials[0];
        }
        boolean offline = "true".equalsIgnoreCase(first(query, "offline_token"));
        List<String> scopes = query.getOrDefault("scope", List.of()).stream()
            .flatMap(s -> List.of(s.split(" ")).stream())
            .filter(s -> !s.isBlank())
            .toList();
        Issued issued = issue(user, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.jwt);
        body.put("access_token", issued.jwt);
        if (!omitExpiresIn) {
            body.put("expires_in", lifetime.toSeconds());
        }
        body.put("issued_at", issued.issuedAt.toString());
        if (offline && user != null) {
            body.put("refresh_token", refreshToken(user));
        }
        log(exchange, "GET", null, query, basic, user, offline, issued.granted, 200);
        send(exchange, 200, body);
    }

    private void handlePost(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> form = parseForm(body);
        String grantType = first(form, "grant_type");
        boolean basic = exchange.getRequestHeaders().getFirst("Authorization") != null;
        boolean offline = "offline".equals(first(form, "access_type"));
        if (!postEnabled) {
            logPost(exchange, grantType, form, basic, null, offline, List.of(), 404);
            send(exchange, 404, Map.of("errors", List.of(Map.of("code", "NOT_FOUND", "message", "not found"))));
            return;
        }
        String user;
        if ("password".equals(grantType)) {
            String username = first(form, "username");
            String password = first(form, "password");
            user = username != null && password != null && password.equals(passwords.get(username)) ? username : null;
        } else if ("refresh_token".equals(grantType)) {
            String token = first(form, "refresh_token");
            user = token == null ? null : refreshTokens.get(token);
        } else {
            logPost(exchange, grantType, form, basic, null, offline, List.of(), 400);
            send(exchange, 400, Map.of("error", "unsupported_grant_type"));
            return;
        }
        if (user == null) {
            logPost(exchange, grantType, form, basic, null, offline, List.of(), 400);
            send(exchange, 400, Map.of("error", "invalid_grant", "error_description",
                "password".equals(grantType) ? "incorrect username or password" : "unknown refresh token"));
            return;
        }
        String scopeParam = first(form, "scope");
        List<String> scopes = scopeParam == null ? List.of()
            : List.of(scopeParam.split(" ")).stream().filter(s -> !s.isBlank()).toList();
        Issued issued = issue(user, scopes);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("access_token", issued.jwt);
        response.put("scope", String.join(" ", issued.granted));
        if (!omitExpiresIn) {
            response.put("expires_in", lifetime.toSeconds());
        }
        response.put("issued_at", issued.issuedAt.toString());
        if (offline) {
            response.put("refresh_token", refreshToken(user));
        }
        logPost(exchange, grantType, form, basic, user, offline, issued.granted, 200);
        send(exchange, 200, response);
    }

    private record Issued(String jwt, Instant issuedAt, List<String> granted) {
    }

    private Issued issue(String user, List<String> scopes) {
        Instant now = Instant.now().plus(clockOffset);
        boolean expired = expiredTokensToIssue.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        Instant expiry = expired ? now.minus(Duration.ofMinutes(10)) : now.plus(lifetime);
        Instant notBefore = expired ? now.minus(Duration.ofMinutes(20)) : now;
        List<Map<String, Object>> access = new ArrayList<>();
        List<String> granted = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            List<String> actions = allowed(user, type, name, List.of(scope.substring(last + 1).split(",")));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", type);
            entry.put("name", name);
            entry.put("actions", actions);
            access.add(entry);
            granted.add(type + ":" + name + ":" + String.join(",", actions));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", user == null ? "" : user);
        claims.put("aud", SERVICE);
        claims.put("exp", expiry.getEpochSecond());
        claims.put("nbf", notBefore.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", randomHex(12));
        claims.put("access", access);
        return new Issued(sign(claims), now, granted);
    }

    private List<String> allowed(String user, String type, String name, List<String> requested) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Grant grant : grants) {
            String resource = type.equals("repository") ? name : type + ":" + name;
            if (grant.appliesTo(user, resource)) {
                allowed.addAll(grant.actions());
            }
        }
        return requested.stream().filter(a -> allowed.contains(a) || allowed.contains("*")).distinct().toList();
    }

    private String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        if (keyIdHeader) {
            header.put("kid", keyId);
        } else {
            try {
                header.put("x5c", List.of(Base64.getEncoder().encodeToString(signingCert.certificate().getEncoded())));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(ImageWriter.JSON.writeValueAsBytes(header)) + "."
            + url.encodeToString(ImageWriter.JSON.writeValueAsBytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingCert.privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * libtrust's key ID: SHA-256 of the DER public key, first 240 bits, base32 without padding, in twelve
     * colon-separated groups of four characters.
     */
    static String libtrustKeyId(byte[] subjectPublicKeyInfo) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String base32 = base32(java.util.Arrays.copyOf(hash, 30));
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 4) {
            if (i > 0) {
                id.append(':');
            }
            id.append(base32, i, Math.min(i + 4, base32.length()));
        }
        return id.toString();
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    private void logPost(HttpExchange exchange, String grantType, Map<String, List<String>> form, boolean basic, String user,
            boolean offline, List<String> granted, int status) {
        String scope = first(form, "scope");
        requests.add(new TokenRequest(Instant.now(), "POST", grantType, first(form, "service"),
            first(form, "username"), first(form, "client_id"), basic, user, offline,
            scope == null ? List.of() : List.of(scope.split(" ")), List.copyOf(granted), status,
            exchange instanceof HttpsExchange));
    }

    private void log(HttpExchange exchange, String method, String grantType, Map<String, List<String>> query, boolean basic, String user,
            boolean offline, List<String> granted, int status) {
        requests.add(new TokenRequest(Instant.now(), method, grantType, first(query, "service"),
            first(query, "account"), first(query, "client_id"), basic, user, offline,
            List.copyOf(query.getOrDefault("scope", List.of())), List.copyOf(granted), status,
            exchange instanceof HttpsExchange));
    }

    private static void send(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = ImageWriter.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return form;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    /** Writes the root certificate bundle for the registry's {@code auth.token.rootcertbundle}. */
    Path writeRootCertBundle(TestCa ca, Path file) {
        try {
            Files.writeString(file, rootCertBundle(ca));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
