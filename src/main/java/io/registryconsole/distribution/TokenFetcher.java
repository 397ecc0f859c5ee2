package io.registryconsole.distribution;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Gets a bearer token from the realm a registry named in its challenge (the distribution token protocol):
 * a GET with Basic credentials (or none, for anonymous tokens), or — when an identity token is stored — the
 * OAuth2 POST with {@code grant_type=refresh_token}, falling back to the GET when the service does not implement
 * the POST (404/405, and 400/401 as containerd also tolerates). Credentials never travel over plain HTTP unless
 * the registry is marked insecure.
 */
final class TokenFetcher {

    private static final long MAX_TOKEN_RESPONSE = 256 * 1024;
    static final String CLIENT_ID = "registry-console";

    private final RequestExecutor executor;
    private final Credentials credentials;
    private final boolean insecure;
    private final Clock clock;

    TokenFetcher(RequestExecutor executor, Credentials credentials, boolean insecure, Clock clock) {
        this.executor = executor;
        this.credentials = credentials;
        this.insecure = insecure;
        this.clock = clock;
    }

    Token fetch(Operation op, Challenge bearer, Set<String> scopes) {
        URI realm = realm(bearer);
        String service = bearer.service().orElse(null);
        Operation.Span span = op.start(Phase.AUTH, realm.getHost() + (scopes.isEmpty() ? "" : " " + String.join(" ", scopes)));
        try {
            Token token;
            if (credentials instanceof Credentials.IdentityToken it) {
                token = viaOAuth(op, realm, service, scopes, it);
            } else if (credentials instanceof Credentials.Basic b) {
                token = viaGet(op, realm, service, scopes, b.username(), b.password());
            } else {
                token = viaGet(op, realm, service, scopes, null, null);
            }
            span.end(0);
            return token;
        } catch (RuntimeException e) {
            span.failIfOpen(e);
            throw e;
        }
    }

    private URI realm(Challenge bearer) {
        String value = bearer.realm().orElseThrow(() -> new RegistryException(Category.AUTH_UNSUPPORTED,
                "the registry asks for a bearer token but names no token service (realm)"));
        URI realm;
        try {
            realm = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the token realm \"" + ErrorBody.clean(value) + "\" is not a URL")
                    .phase(Phase.AUTH).build();
        }
        if (NumericHost.problem(realm).isPresent()) {
            throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the token service is on a host the outbound policy refuses: "
                    + NumericHost.problem(realm).get()).phase(Phase.AUTH).build();
        }
        if (realm.getHost() == null || !("https".equals(realm.getScheme()) || "http".equals(realm.getScheme()))) {
            throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the token realm \"" + ErrorBody.clean(value) + "\" is not an http(s) URL")
                    .phase(Phase.AUTH).build();
        }
        if ("http".equals(realm.getScheme()) && !credentials.isAnonymous() && !insecure) {
            throw RegistryException.builder(Category.BLOCKED_BY_POLICY, "the token service " + realm.getHost()
                    + " is plain http; credentials are only sent over plain http to registries marked insecure")
                    .phase(Phase.AUTH).request(RegistryException.describe("GET", realm)).build();
        }
        return realm;
    }

    private Token viaOAuth(Operation op, URI realm, String service, Set<String> scopes, Credentials.IdentityToken it) {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=").append(enc(CLIENT_ID))
                .append("&refresh_token=").append(enc(it.token()));
        if (service != null) {
            form.append("&service=").append(enc(service));
        }
        if (!scopes.isEmpty()) {
            form.append("&scope=").append(enc(String.join(" ", scopes)));
        }
        RequestSpec spec = RequestSpec.of("POST", realm, Phase.AUTH, StatusFailures.Target.TOKEN, "the token")
                .body(form.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
                .passThrough(Set.of(400, 401, 404, 405))
                .noRedirects();
        Response r = executor.small(op, spec, MAX_TOKEN_RESPONSE);
        if (r.isSuccess()) {
            return parse(r);
        }
        // Services without the OAuth2 POST (GCR: 404, others 405/400/401): the GET with the token as password.
        String user = it.username() == null || it.username().isBlank() ? "<token>" : it.username();
        return viaGet(op, realm, service, scopes, user, it.token());
    }

    private Token viaGet(Operation op, URI realm, String service, Set<String> scopes, String username, String password) {
        StringBuilder query = new StringBuilder();
        if (service != null) {
            query.append("service=").append(enc(service));
        }
        for (String scope : scopes) {
            query.append(query.length() > 0 ? "&" : "").append("scope=").append(enc(scope));
        }
        if (username != null && !username.startsWith("<")) {
            query.append(query.length() > 0 ? "&" : "").append("account=").append(enc(username));
        }
        String base = realm.toString();
        URI uri = URI.create(query.length() == 0 ? base : base + (realm.getRawQuery() == null ? "?" : "&") + query);
        RequestSpec spec = RequestSpec.of("GET", uri, Phase.AUTH, StatusFailures.Target.TOKEN, "the token");
        if (username != null) {
            spec.authorization(basicHeader(username, password));
            spec.passThrough(Set.of(401, 403));
        }
        Response r = executor.small(op, spec, MAX_TOKEN_RESPONSE);
        if (r.isSuccess()) {
            return parse(r);
        }
        throw rejected(r, password);
    }

    private RegistryException rejected(Response r, String secret) {
        ErrorBody error = r.error();
        String reason = error.message() != null ? ": " + error.message() : error.code() != null ? ": " + error.code() : "";
        Instant now = clock.instant();
        if (JwtExpiry.isExpired(secret, now)) {
            return RegistryException.builder(Category.AUTH_TOKEN_EXPIRED, "the stored token expired at " + JwtExpiry.describe(secret)
                    + "; store a new one").phase(Phase.AUTH).request(r.describe()).status(r.status())
                    .registryError(error.code(), error.message()).build();
        }
        return RegistryException.builder(Category.AUTH_INVALID_CREDENTIALS, "the token service " + r.uri().getHost()
                + " rejected the stored credentials (" + r.status() + ")" + reason).phase(Phase.AUTH).request(r.describe())
                .status(r.status()).registryError(error.code(), error.message()).build();
    }

    private Token parse(Response r) {
        Optional<JsonNode> json = Json.parse(r.body());
        if (json.isEmpty() || !json.get().isObject()) {
            throw RegistryException.builder(Category.AUTH_UNSUPPORTED, "the token service " + r.uri().getHost()
                    + " did not answer with a JSON token").phase(Phase.AUTH).request(r.describe()).status(r.status()).build();
        }
        JsonNode root = json.get();
        String value = Json.text(root, "token").filter(s -> !s.isEmpty())
                .or(() -> Json.text(root, "access_token").filter(s -> !s.isEmpty()))
                .orElseThrow(() -> RegistryException.builder(Category.AUTH_UNSUPPORTED, "the token service " + r.uri().getHost()
                        + " answered without a token").phase(Phase.AUTH).request(r.describe()).status(r.status()).build());
        long expiresIn = Json.number(root, "expires_in").orElse(0);
        Optional<Instant> issuedAt = Json.text(root, "issued_at").flatMap(TokenFetcher::instant);
        String refresh = Json.text(root, "refresh_token").orElse(null);
        // a registry that echoes the request would otherwise put these into a failure message
        r.redaction().add(value);
        r.redaction().add(refresh);
        return Token.of(value, expiresIn, issuedAt, refresh, clock.instant(), ClockReadings.httpDate(r.header("date")));
    }

    private static Optional<Instant> instant(String s) {
        try {
            return Optional.of(java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String basicHeader(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
