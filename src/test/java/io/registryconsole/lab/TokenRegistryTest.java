package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import tools.jackson.databind.JsonNode;

/** The token-auth registry accepts the lab issuer's tokens, for exactly the access the issuer grants. */
@ExtendWith(RegistryLab.Extension.class)
class TokenRegistryTest {

    private static final String ACCEPT = String.join(", ", LabImage.OCI_INDEX, LabImage.OCI_MANIFEST,
        LabImage.DOCKER_LIST, LabImage.DOCKER_MANIFEST);

    @Test
    void registryChallengesWithTheIssuersRealm(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        HttpResponse<String> response = send(lab, HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/"))
            .build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\""
            + registry.tokenIssuer().realm() + "\",service=\"" + TokenIssuer.SERVICE + "\"");
    }

    @Test
    void tokenFromGetWithBasicCredentialsPullsTheManifest(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        JsonNode token = getToken(lab, registry, RegistryLab.TOKEN_READER, "repository:library/alpine-test:pull");

        assertThat(token.get("token").asString()).isEqualTo(token.get("access_token").asString());
        assertThat(token.get("expires_in").asLong()).isEqualTo(TokenIssuer.DEFAULT_LIFETIME.toSeconds());
        assertThat(token.has("issued_at")).isTrue();
        HttpResponse<String> manifest = manifest(lab, registry, RegistryLab.ALPINE, token.get("token").asString());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
            .hasValue(registry.image(RegistryLab.ALPINE).digest());
    }

    @Test
    void oauthPasswordGrantGivesARefreshTokenThatWorksToo(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        TokenIssuer issuer = registry.tokenIssuer();
        int mark = issuer.mark();
        JsonNode first = postToken(lab, registry, Map.of("grant_type", "password", "username", "alice", "password",
            RegistryLab.TOKEN_ADMIN.password(), "service", TokenIssuer.SERVICE, "client_id", "lab-test",
            "access_type", "offline", "scope", "repository:multi/app:pull"));
        String refreshToken = first.get("refresh_token").asString();
        assertThat(refreshToken).isEqualTo(issuer.refreshToken("alice"));

        JsonNode second = postToken(lab, registry, Map.of("grant_type", "refresh_token", "refresh_token",
            refreshToken, "service", TokenIssuer.SERVICE, "client_id", "lab-test",
            "scope", "repository:multi/app:pull"));
        assertThat(second.has("token")).as("the OAuth2 form answers access_token only").isFalse();
        assertThat(second.has("refresh_token")).isFalse();
        HttpResponse<String> manifest = manifest(lab, registry, RegistryLab.MULTI_ARCH,
            second.get("access_token").asString());
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Docker-Content-Digest"))
            .hasValue(registry.image(RegistryLab.MULTI_ARCH).digest());

        List<TokenIssuer.TokenRequest> log = issuer.requestsSince(mark);
        assertThat(log).extracting(TokenIssuer.TokenRequest::grantType).containsExactly("password", "refresh_token");
        assertThat(log).extracting(TokenIssuer.TokenRequest::user).containsExactly("alice", "alice");
        assertThat(log).extracting(TokenIssuer.TokenRequest::granted)
            .containsOnly(List.of("repository:multi/app:pull"));
        assertThat(log.toString()).doesNotContain(RegistryLab.TOKEN_ADMIN.password(), refreshToken);
    }

    @Test
    void offlineTokenOnGetReturnsTheRefreshToken(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        JsonNode token = getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:library/alpine-test:pull",
            "&offline_token=true&client_id=lab-test");

        assertThat(token.get("refresh_token").asString()).isEqualTo(registry.tokenIssuer().refreshToken("alice"));
    }

    @Test
    void userWithoutAccessGetsATokenWithoutActions(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        int mark = registry.tokenIssuer().mark();
        JsonNode token = getToken(lab, registry, RegistryLab.TOKEN_READER, "repository:private/secret:pull");
        HttpResponse<String> manifest = manifest(lab, registry, RegistryLab.PRIVATE, token.get("token").asString());

        assertThat(registry.tokenIssuer().requestsSince(mark)).singleElement()
            .satisfies(r -> assertThat(r.granted()).containsExactly("repository:private/secret:"));
        assertThat(manifest.statusCode()).isEqualTo(401);
        assertThat(manifest.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("error=\"insufficient_scope\"");

        JsonNode admin = getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:private/secret:pull");
        assertThat(manifest(lab, registry, RegistryLab.PRIVATE, admin.get("token").asString()).statusCode())
            .isEqualTo(200);
    }

    @Test
    void anonymousTokensPullOnlyPublicRepositories(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        JsonNode publicToken = getToken(lab, registry, null, "repository:public/hello:pull");
        JsonNode libraryToken = getToken(lab, registry, null, "repository:library/alpine-test:pull");

        assertThat(manifest(lab, registry, RegistryLab.PUBLIC, publicToken.get("token").asString()).statusCode())
            .isEqualTo(200);
        assertThat(manifest(lab, registry, RegistryLab.ALPINE, libraryToken.get("token").asString()).statusCode())
            .isEqualTo(401);
        try (var allowed = registry.tokenIssuer().allowAnonymousPull("library/*")) {
            JsonNode granted = getToken(lab, registry, null, "repository:library/alpine-test:pull");
            assertThat(manifest(lab, registry, RegistryLab.ALPINE, granted.get("token").asString()).statusCode())
                .isEqualTo(200);
        }
    }

    @Test
    void wrongPasswordGets401FromTheIssuer(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        HttpResponse<String> response = send(lab, HttpRequest.newBuilder(tokenUri(registry,
                "repository:library/alpine-test:pull", ""))
            .header("Authorization", TlsBasicRegistryTest.basic(new LabRegistry.Credentials("alice", "wrong")))
            .build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void keyIdHeaderIsAcceptedAsWellAsX5c(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        TokenIssuer issuer = registry.tokenIssuer();
        String x5c = getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:library/alpine-test:pull")
            .get("token").asString();
        String kid;
        try (var restore = issuer.useKeyIdHeader()) {
            kid = getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:library/alpine-test:pull")
                .get("token").asString();
        }

        assertThat(header(x5c).has("x5c")).isTrue();
        assertThat(header(kid).get("kid").asString()).isEqualTo(issuer.keyId()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        assertThat(manifest(lab, registry, RegistryLab.ALPINE, x5c).statusCode()).isEqualTo(200);
        assertThat(manifest(lab, registry, RegistryLab.ALPINE, kid).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredTokensAreRejectedAsInvalid(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab)
            throws Exception {
        String expired;
        try (var restore = registry.tokenIssuer().issueExpiredTokens(1)) {
            expired = getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:library/alpine-test:pull")
                .get("token").asString();
        }
        HttpResponse<String> response = manifest(lab, registry, RegistryLab.ALPINE, expired);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
            .contains("error=\"invalid_token\"");
    }

    @Test
    void settingsAreRestoredWhenClosed(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab) throws Exception {
        TokenIssuer issuer = registry.tokenIssuer();
        try (var lifetime = issuer.tokenLifetime(Duration.ofSeconds(7)); var post = issuer.disableOAuthPost();
                var omit = issuer.omitExpiresIn()) {
            HttpResponse<String> refused = send(lab, postRequest(registry, Map.of("grant_type", "password",
                "username", "alice", "password", RegistryLab.TOKEN_ADMIN.password(), "service",
                TokenIssuer.SERVICE, "client_id", "lab-test")));
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:tags/app:pull").has("expires_in"))
                .isFalse();
            JsonNode claims = claims(getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:tags/app:pull")
                .get("token").asString());
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(7);
        }
        assertThat(getToken(lab, registry, RegistryLab.TOKEN_ADMIN, "repository:tags/app:pull")
            .get("expires_in").asLong()).isEqualTo(TokenIssuer.DEFAULT_LIFETIME.toSeconds());
    }

    @Test
    void skopeoPullsEveryImageWithTokens(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab) {
        assertThat(registry.images()).containsKeys(RegistryLab.ALPINE, RegistryLab.MULTI_ARCH, RegistryLab.SCHEMA2,
            RegistryLab.PRIVATE, RegistryLab.PUBLIC);
        registry.images().values().forEach(image -> LabAssertions.assertServedAsGenerated(lab.skopeo(), registry,
            image));
    }

    @Test
    void skopeoAsReaderCannotPullPrivateImages(@Use(Variant.TOKEN) LabRegistry registry, RegistryLab lab) {
        Programs.Result result = lab.skopeo().run("inspect", "--raw", "--cert-dir", registry.certDir().toString(),
            "--creds", RegistryLab.TOKEN_READER.colonSeparated(), registry.dockerReference(RegistryLab.PRIVATE));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).containsAnyOf("authentication required", "unauthorized", "denied");
    }

    @Test
    void plainHttpRealmRegistryChallengesWithAnHttpRealm(@Use(Variant.TOKEN_PLAIN_HTTP_REALM) LabRegistry registry,
            RegistryLab lab) throws Exception {
        TokenIssuer issuer = registry.tokenIssuer();
        HttpResponse<String> challenge = send(lab, HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/"))
            .build());

        assertThat(registry.baseUrl().getScheme()).isEqualTo("https");
        assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow())
            .startsWith("Bearer realm=\"" + issuer.plainHttpRealm() + "\"")
            .startsWith("Bearer realm=\"http://127.0.0.1:");
        int mark = issuer.mark();
        HttpResponse<String> token = send(lab, HttpRequest.newBuilder(URI.create(issuer.plainHttpRealm()
            + "?service=" + TokenIssuer.SERVICE + "&scope=repository:library/alpine-test:pull"))
            .header("Authorization", TlsBasicRegistryTest.basic(RegistryLab.TOKEN_READER)).build());
        assertThat(issuer.requestsSince(mark)).singleElement()
            .satisfies(r -> assertThat(r.https()).isFalse())
            .satisfies(r -> assertThat(r.user()).isEqualTo("bob"));
        assertThat(manifest(lab, registry, RegistryLab.ALPINE,
            LabAssertions.json(token.body()).get("token").asString()).statusCode()).isEqualTo(200);
    }

    private static JsonNode getToken(RegistryLab lab, LabRegistry registry, LabRegistry.Credentials credentials,
            String scope) throws Exception {
        return getToken(lab, registry, credentials, scope, "");
    }

    private static JsonNode getToken(RegistryLab lab, LabRegistry registry, LabRegistry.Credentials credentials,
            String scope, String extraQuery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri(registry, scope, extraQuery));
        if (credentials != null) {
            request.header("Authorization", TlsBasicRegistryTest.basic(credentials));
        }
        HttpResponse<String> response = send(lab, request.build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LabAssertions.json(response.body());
    }

    private static URI tokenUri(LabRegistry registry, String scope, String extraQuery) {
        return URI.create(registry.tokenIssuer().realm() + "?service=" + TokenIssuer.SERVICE + "&scope="
            + URLEncoder.encode(scope, StandardCharsets.UTF_8) + extraQuery);
    }

    private static JsonNode postToken(RegistryLab lab, LabRegistry registry, Map<String, String> form)
            throws Exception {
        HttpResponse<String> response = send(lab, postRequest(registry, form));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return LabAssertions.json(response.body());
    }

    private static HttpRequest postRequest(LabRegistry registry, Map<String, String> form) {
        String body = form.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(registry.tokenIssuer().realm())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    private static HttpResponse<String> manifest(RegistryLab lab, LabRegistry registry, String reference,
            String token) throws Exception {
        int colon = reference.lastIndexOf(':');
        return send(lab, HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/"
                + reference.substring(0, colon) + "/manifests/" + reference.substring(colon + 1)))
            .header("Accept", ACCEPT)
            .header("Authorization", "Bearer " + token)
            .build());
    }

    private static HttpResponse<String> send(RegistryLab lab, HttpRequest request) throws Exception {
        return HttpClient.newBuilder().sslContext(lab.sslContext()).build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode header(String jwt) {
        return LabAssertions.json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
            StandardCharsets.UTF_8));
    }

    private static JsonNode claims(String jwt) {
        return LabAssertions.json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
            StandardCharsets.UTF_8));
    }
}
