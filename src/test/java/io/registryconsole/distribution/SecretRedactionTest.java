package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpExchange;

/**
 * Finding 3 of issue 12: a registry, token service or proxy that echoes the request in its error body must not get
 * the console's credentials into a failure message. Every message taken from a server is redacted in
 * {@code distribution}, before any caller can store, log or show it.
 */
class SecretRedactionTest {

    static final String USER = "robot";
    static final String PASSWORD = "Pa55-w0rd-never-shown";
    static final String BASIC = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String IDENTITY_TOKEN = "idtok-0123456789abcdef";

    private FakeRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        registry.image("app", "1", MediaTypes.OCI_MANIFEST, "linux", "amd64", "", FakeRegistry.random(1000, 1));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** Every request header, as an echoing proxy or a debug-mode server would show them. */
    static String echo(HttpExchange ex) {
        // Authorization first, so the echo is not cut off by the message length cap before it
        return "Authorization: " + ex.getRequestHeaders().getFirst("Authorization") + "\n" + ex.getRequestMethod() + " "
                + ex.getRequestURI() + "\n" + ex.getRequestHeaders().entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("\n"));
    }

    static void assertNoSecret(RegistryException e, String... secrets) {
        String everything = e.getMessage() + "|" + e + "|" + e.registryErrorMessage().orElse("") + "|" + e.registryErrorCode().orElse("");
        for (String secret : secrets) {
            assertThat(everything).as("a failure message shows a secret").doesNotContain(secret);
        }
        assertThat(everything).doesNotContainIgnoringCase("basic " + BASIC.substring(0, 6));
    }

    private RegistryException pullFailure(Credentials credentials) {
        RegistryClient client = RegistryClient.create(registry.endpoint(credentials),
                ClientOptions.builder().maxAttempts(1).retryBudget(Duration.ofSeconds(1)).build(), OutboundPolicy.defaults());
        try {
            client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, PullListener.NONE, null);
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("the pull succeeded");
    }

    @ParameterizedTest(name = "echo as {0}")
    @ValueSource(strings = {"json-errors", "oauth", "plain", "html"})
    void headersEchoedInAnErrorBodyAreRedacted(String form) {
        registry.basicUserPassword = USER + ":" + PASSWORD;
        registry.interceptor = (ex, path) -> {
            if (!path.contains("/manifests/") || ex.getRequestHeaders().getFirst("Authorization") == null) {
                return false;
            }
            String echo = echo(ex) + "\nuser " + USER + " password " + PASSWORD + " (" + USER + ":" + PASSWORD + ")";
            String json = jsonString(echo);
            byte[] body = switch (form) {
                case "json-errors" -> ("{\"errors\":[{\"code\":\"DENIED\",\"message\":" + json + "}]}").getBytes(StandardCharsets.UTF_8);
                case "oauth" -> ("{\"error\":\"invalid_request\",\"error_description\":" + json + "}").getBytes(StandardCharsets.UTF_8);
                case "plain" -> echo.getBytes(StandardCharsets.UTF_8);
                default -> ("<html><body><h1>Forbidden</h1><pre>" + echo + "</pre></body></html>").getBytes(StandardCharsets.UTF_8);
            };
            FakeRegistry.send(ex, 403, form.equals("plain") ? "text/plain" : form.equals("html") ? "text/html" : "application/json", body);
            return true;
        };
        RegistryException e = pullFailure(Credentials.basic(USER, PASSWORD));
        assertThat(e.category()).isEqualTo(Category.ACCESS_DENIED);
        assertNoSecret(e, PASSWORD, BASIC);
        // the rest of the server's explanation is still there
        assertThat(e.getMessage() + e.registryErrorMessage().orElse("")).contains("Authorization").contains("****");
    }

    @Test
    void aTokenServiceEchoingTheRefreshTokenAndBasicValueIsRedacted() throws IOException {
        try (FakeTokenServer tokens = FakeTokenServer.start()) {
            registry.tokenServer = tokens;
            registry.interceptor = null;
            // the registry's 401 names the token service; the token service answers every request with an echo
            FakeRegistry echoingTokens = FakeRegistry.start();
            try {
                echoingTokens.interceptor = (ex, path) -> {
                    String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String echo = echo(ex) + "\n" + form;
                    FakeRegistry.send(ex, 400, "application/json",
                            ("{\"error\":\"invalid_grant\",\"error_description\":" + jsonString(echo) + "}").getBytes(StandardCharsets.UTF_8));
                    return true;
                };
                registry.interceptor = (ex, path) -> {
                    if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + echoingTokens.url() + "/token\",service=\"fake\"");
                        FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                        return true;
                    }
                    return false;
                };
                RegistryException basic = pullFailure(Credentials.basic(USER, PASSWORD));
                assertNoSecret(basic, PASSWORD, BASIC);
                RegistryException identity = pullFailure(Credentials.identityToken(USER, IDENTITY_TOKEN));
                assertNoSecret(identity, IDENTITY_TOKEN, URLEncoder.encode(IDENTITY_TOKEN, StandardCharsets.UTF_8),
                        Base64.getEncoder().encodeToString((USER + ":" + IDENTITY_TOKEN).getBytes(StandardCharsets.UTF_8)));
            } finally {
                echoingTokens.close();
            }
        }
    }

    @Test
    void aBearerTokenTheRegistryEchoesIsRedacted() throws IOException {
        try (FakeTokenServer tokens = FakeTokenServer.start()) {
            tokens.users.put(USER, PASSWORD);
            registry.tokenServer = tokens;
            registry.interceptor = (ex, path) -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (path.contains("/manifests/") && auth != null && auth.startsWith("Bearer ")) {
                    // a token echoed without its scheme name: only the client knows it is a secret
                    FakeRegistry.error(ex, 500, "INTERNAL", "backend failed for token " + auth.substring(7).replace("tok-", "tok-") + " sent as "
                            + auth.substring(7));
                    return true;
                }
                return false;
            };
            RegistryException e = pullFailure(Credentials.basic(USER, PASSWORD));
            assertThat(e.category()).isEqualTo(Category.SERVER_ERROR);
            List<String> issued = List.copyOf(tokens.issued.keySet());
            assertThat(issued).isNotEmpty();
            assertNoSecret(e, issued.toArray(String[]::new));
        }
    }

    @Test
    void genericPatternsAreRedactedWithoutKnowingTheSecret() {
        Map<String, String> cases = Map.of(
                "Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA",
                "proxy-authorization=Bearer abc.def.ghi", "abc.def.ghi",
                "got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl from you", "eyJhbGciOiJSUzI1NiJ9",
                "{\"refresh_token\": \"r-123456\"}", "r-123456",
                "password=hunter2&user=x", "hunter2",
                "access_token: 9f8e7d6c5b4a", "9f8e7d6c5b4a");
        cases.forEach((text, secret) -> assertThat(Redaction.GENERIC.redact(text)).as(text).doesNotContain(secret).contains("****"));
        // ordinary explanations are left alone
        for (String ok : List.of("Basic authentication required", "invalid token", "authentication required", "Bearer realm=\"x\"",
                "manifest unknown")) {
            assertThat(Redaction.GENERIC.redact(ok)).isEqualTo(ok);
        }
    }

    static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
