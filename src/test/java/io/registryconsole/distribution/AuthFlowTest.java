package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthFlowTest {

    private FakeRegistry registry;
    private FakeTokenServer tokens;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        tokens = FakeTokenServer.start();
        registry.image("public/app", "1", "linux", "amd64", FakeRegistry.random(1000, 1));
        registry.image("private/app", "1", "linux", "amd64", FakeRegistry.random(1000, 2));
        tokens.users.put("alice", "wonderland");
        tokens.grants = (account, scope) -> scope.contains("public/") || "alice".equals(account) || "identity".equals(account)
                || "<token>".equals(account);
    }

    @AfterEach
    void stop() {
        registry.close();
        tokens.close();
    }

    private RegistryClient client(Credentials credentials) {
        return RegistryClient.create(registry.endpoint(credentials), ClientOptions.builder().retryBudget(Duration.ofSeconds(2)).build(),
                OutboundPolicy.defaults());
    }

    private static RegistryException failure(Runnable r) {
        try {
            r.run();
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("expected a RegistryException");
    }

    // ------------------------------------------------------------------ Basic

    @Test
    void basicAuthRegistry() {
        registry.basicUserPassword = "bob:builder";
        RegistryClient good = client(Credentials.basic("bob", "builder"));
        AuthResult auth = good.checkAuth();
        assertThat(auth.scheme()).isEqualTo("Basic");
        assertThat(auth.credentialsVerified()).isTrue();
        assertThat(good.pull(registry.ref("private/app:1"), Platform.LINUX_AMD64, null, null).layers()).isEqualTo(1);

        assertThat(failure(() -> client(Credentials.anonymous()).resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64)).category())
                .isEqualTo(Category.AUTH_REQUIRED);
        RegistryException wrong = failure(() -> client(Credentials.basic("bob", "wrong")).checkAuth());
        assertThat(wrong.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
        assertThat(wrong.getMessage()).doesNotContain("wrong");
        assertThat(wrong.toString()).doesNotContain("wrong");
    }

    // ------------------------------------------------------------------ Bearer

    @Test
    void anonymousTokenForPublicRepositories() {
        registry.tokenServer = tokens;
        RegistryClient client = client(Credentials.anonymous());
        AuthResult auth = client.checkAuth();
        assertThat(auth.scheme()).isEqualTo("Bearer");
        assertThat(auth.anonymous()).isTrue();
        assertThat(auth.credentialsVerified()).isFalse();
        assertThat(auth.tokenService()).contains("127.0.0.1");
        assertThat(client.pull(registry.ref("public/app:1"), Platform.LINUX_AMD64, null, null).layers()).isEqualTo(1);
        assertThat(tokens.seen).allSatisfy(s -> assertThat(s.authorization()).isNull());

        assertThat(failure(() -> client.resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64)).category())
                .isEqualTo(Category.AUTH_REQUIRED);
    }

    @Test
    void tokenWithCredentialsIsCachedPerScope() {
        registry.tokenServer = tokens;
        RegistryClient client = client(Credentials.basic("alice", "wonderland"));
        PullResult pull = client.pull(registry.ref("private/app:1"), Platform.LINUX_AMD64, null, null);
        assertThat(pull.timings()).extracting(PhaseTiming::phase).contains(Phase.AUTH);
        int fetchesAfterPull = tokens.fetches();
        // manifest, config and layer requests shared one token for repository:private/app:pull
        assertThat(fetchesAfterPull).isEqualTo(1);
        assertThat(tokens.seen.get(0).query()).contains("scope=repository%3Aprivate%2Fapp%3Apull").contains("service=fake-registry")
                .contains("account=alice");
        assertThat(tokens.seen.get(0).authorization()).isEqualTo("Basic " + base64("alice:wonderland"));

        client.resolve(registry.ref("public/app:1"), Platform.LINUX_AMD64);
        assertThat(tokens.fetches()).isEqualTo(2); // another scope, another token
        client.resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64);
        assertThat(tokens.fetches()).isEqualTo(2); // cached
    }

    @Test
    void checkAuthVerifiesCredentialsWithTheTokenService() {
        registry.tokenServer = tokens;
        AuthResult ok = client(Credentials.basic("alice", "wonderland")).checkAuth();
        assertThat(ok.credentialsVerified()).isTrue();
        assertThat(ok.tokenLifetime()).contains(Duration.ofSeconds(300));

        RegistryException bad = failure(() -> client(Credentials.basic("alice", "nope")).checkAuth());
        assertThat(bad.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
        assertThat(bad.phase()).contains(Phase.AUTH);
        assertThat(bad.registryErrorMessage()).contains("incorrect username or password");
    }

    @Test
    void deniedRepositoryWithValidCredentials() {
        registry.tokenServer = tokens;
        tokens.users.put("carol", "pw");
        RegistryException e = failure(() -> client(Credentials.basic("carol", "pw")).resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64));
        assertThat(e.category()).isEqualTo(Category.ACCESS_DENIED);
        assertThat(e.httpStatus()).hasValue(401);
    }

    @Test
    void renewsARejectedTokenOnce() {
        registry.tokenServer = tokens;
        RegistryClient client = client(Credentials.basic("alice", "wonderland"));
        client.resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64);
        assertThat(tokens.fetches()).isEqualTo(1);
        tokens.issued.clear(); // the registry no longer knows the cached token: invalid_token
        client.resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64);
        assertThat(tokens.fetches()).isEqualTo(2);
    }

    @Test
    void givesUpWhenRenewalDoesNotHelp() {
        registry.tokenServer = tokens;
        AtomicBoolean reject = new AtomicBoolean(true);
        registry.interceptor = (ex, path) -> {
            if (path.contains("/manifests/") && reject.get() && ex.getRequestHeaders().getFirst("Authorization") != null) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + tokens.realm() + "\",service=\"fake-registry\",error=\"invalid_token\"");
                FakeRegistry.error(ex, 401, "UNAUTHORIZED", "token rejected");
                return true;
            }
            return false;
        };
        RegistryException e = failure(() -> client(Credentials.basic("alice", "wonderland")).resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64));
        assertThat(e.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
        // the ping taught the scheme, so the first request already carried a token; then one renewal, then the verdict
        assertThat(tokens.fetches()).isEqualTo(2);
        assertThat(registry.seen("/manifests/")).extracting(FakeRegistry.Seen::authorization).containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void acceptsAccessTokenAndDefaultsTheLifetime() {
        registry.tokenServer = tokens;
        tokens.useAccessTokenField = true;
        tokens.expiresIn = null;
        AuthResult auth = client(Credentials.basic("alice", "wonderland")).checkAuth();
        assertThat(auth.tokenLifetime()).contains(Duration.ofSeconds(60));
        tokens.expiresIn = 5;
        assertThat(client(Credentials.basic("alice", "wonderland")).checkAuth().tokenLifetime()).contains(Duration.ofSeconds(60));
    }

    @Test
    void identityTokenUsesTheOAuthPost() {
        registry.tokenServer = tokens;
        tokens.identityTokens.add("refresh-123");
        RegistryClient client = client(Credentials.identityToken(null, "refresh-123"));
        assertThat(client.pull(registry.ref("private/app:1"), Platform.LINUX_AMD64, null, null).layers()).isEqualTo(1);
        FakeTokenServer.Seen post = tokens.seen.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.form()).contains("grant_type=refresh_token").contains("refresh_token=refresh-123")
                .contains("service=fake-registry").contains("scope=repository%3Aprivate%2Fapp%3Apull").contains("client_id=registry-console");
        assertThat(post.authorization()).isNull();
    }

    @Test
    void identityTokenFallsBackToGetWhenPostIsMissing() {
        registry.tokenServer = tokens;
        tokens.identityTokens.add("refresh-123");
        tokens.postSupported = false;
        RegistryClient client = client(Credentials.identityToken(null, "refresh-123"));
        assertThat(client.resolve(registry.ref("private/app:1"), Platform.LINUX_AMD64).layers()).hasSize(1);
        assertThat(tokens.seen).extracting(FakeTokenServer.Seen::method).containsExactly("POST", "GET");
        assertThat(tokens.seen.get(1).authorization()).isEqualTo("Basic " + base64("<token>:refresh-123"));
    }

    @Test
    void expiredIdentityTokenIsReportedAsExpired() {
        registry.tokenServer = tokens;
        String expired = jwt("{\"sub\":\"x\",\"exp\":" + Instant.now().minusSeconds(3600).getEpochSecond() + "}");
        RegistryException e = failure(() -> client(Credentials.identityToken("me", expired)).checkAuth());
        assertThat(e.category()).isEqualTo(Category.AUTH_TOKEN_EXPIRED);
        assertThat(e.getMessage()).doesNotContain(expired);

        String valid = jwt("{\"sub\":\"x\",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}");
        assertThat(failure(() -> client(Credentials.identityToken("me", valid)).checkAuth()).category())
                .isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
    }

    @Test
    void unsupportedSchemeIsNamed() {
        registry.interceptor = (ex, path) -> {
            ex.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
            ex.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            ex.getResponseHeaders().add("WWW-Authenticate", "NTLM");
            FakeRegistry.send(ex, 401, "text/plain", "auth".getBytes(StandardCharsets.UTF_8));
            return true;
        };
        RegistryClient client = client(Credentials.basic("a", "b"));
        assertThat(client.ping().challenges()).extracting(Challenge::scheme).containsExactly("Negotiate", "NTLM");
        RegistryException e = failure(client::checkAuth);
        assertThat(e.category()).isEqualTo(Category.AUTH_UNSUPPORTED);
        assertThat(e.getMessage()).contains("Negotiate, NTLM");
    }

    @Test
    void tokenRealmIsSubjectToTheOutboundPolicy() {
        registry.interceptor = (ex, path) -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                // a realm on 127.0.0.2 (loopback, denied below); nothing listens there and nothing is sent there
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://127.0.0.2:" + tokens.port() + "/token\",service=\"x\"");
                FakeRegistry.error(ex, 401, "UNAUTHORIZED", "authentication required");
                return true;
            }
            return false;
        };
        RegistryClient client = RegistryClient.create(registry.endpoint(Credentials.basic("alice", "wonderland")), ClientOptions.defaults(),
                OutboundPolicy.of(List.of(), List.of(Cidr.parse("127.0.0.2/32"))));
        RegistryException e = failure(client::checkAuth);
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(tokens.fetches()).isZero();
    }

    @Test
    void secretsNeverShowInToString() {
        assertThat(Credentials.basic("u", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(Credentials.identityToken("u", "tok-secret").toString()).doesNotContain("tok-secret");
        assertThat(registry.endpoint(Credentials.basic("u", "hunter2")).toString()).doesNotContain("hunter2");
        Token token = Token.of("secret-token", 60, java.util.Optional.empty(), "secret-refresh", Instant.now());
        assertThat(token.toString()).doesNotContain("secret");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String jwt(String claims) {
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
