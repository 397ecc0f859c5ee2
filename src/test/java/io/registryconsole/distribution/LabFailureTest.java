package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.SeededImage;
import io.registryconsole.lab.TokenIssuer;

/** Every failure the registry lab can produce, with the category the console must report for it. */
@ExtendWith(RegistryLab.Extension.class)
class LabFailureTest {

    private static RegistryException failure(Runnable r) {
        try {
            r.run();
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("expected a RegistryException");
    }

    private static ResolvedManifest pull(RegistryClient client, LabRegistry registry, String reference) {
        return client.pull(LabClients.ref(registry, reference), Platform.LINUX_AMD64, null, null).manifest();
    }

    // ------------------------------------------------------------------ content

    @Test
    void corruptedLayerIsADigestMismatch(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        SeededImage.Corruption corruption = registry.image(RegistryLab.BROKEN_DIGEST).corruption();
        RegistryException e = failure(() -> pull(LabClients.client(registry), registry, RegistryLab.BROKEN_DIGEST));
        assertThat(e.category()).isEqualTo(Category.DIGEST_MISMATCH);
        assertThat(e.phase()).contains(Phase.LAYER);
        assertThat(e.getMessage()).contains(corruption.layerDigest());
    }

    @Test
    void truncatedLayerIsASizeMismatch(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        SeededImage.Corruption corruption = registry.image(RegistryLab.BROKEN_SIZE).corruption();
        RegistryException e = failure(() -> pull(LabClients.client(registry), registry, RegistryLab.BROKEN_SIZE));
        assertThat(e.category()).isEqualTo(Category.SIZE_MISMATCH);
        assertThat(e.getMessage()).contains(Long.toString(corruption.actualSize())).contains(Long.toString(corruption.expectedSize()));
    }

    @Test
    void missingThings(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        RegistryClient client = LabClients.client(registry);
        assertThat(failure(() -> pull(client, registry, "library/alpine-test:0.0")).category()).isEqualTo(Category.MANIFEST_NOT_FOUND);
        assertThat(failure(() -> pull(client, registry, "library/no-such-image:1")).category()).isEqualTo(Category.REPOSITORY_NOT_FOUND);
        assertThat(failure(() -> client.head(LabClients.ref(registry, "library/no-such-image:1"))).category())
                .isEqualTo(Category.REPOSITORY_NOT_FOUND);
        assertThat(failure(() -> client.checkRepository("library/no-such-image")).category()).isEqualTo(Category.REPOSITORY_NOT_FOUND);
        RegistryException platform = failure(() -> client.resolve(LabClients.ref(registry, RegistryLab.MULTI_ARCH), Platform.parse("linux/s390x")));
        assertThat(platform.category()).isEqualTo(Category.PLATFORM_NOT_FOUND);
        assertThat(platform.getMessage()).contains("linux/amd64, linux/arm64");
        assertThat(failure(() -> ImageReference.parse(registry.reference("Library/Alpine:3"))).category()).isEqualTo(Category.INVALID_REFERENCE);
    }

    @Test
    void pullOverTheByteCapIsTooLarge(@Use(Variant.ANONYMOUS) LabRegistry registry) {
        RegistryClient client = RegistryClient.create(LabClients.endpoint(registry, Credentials.anonymous()),
                LabClients.options().toBuilder().maxPullBytes(1000).build(), OutboundPolicy.defaults());
        assertThat(failure(() -> pull(client, registry, RegistryLab.ALPINE)).category()).isEqualTo(Category.TOO_LARGE);
    }

    // ------------------------------------------------------------------ TLS and transport

    @Test
    void expiredCertificate(@Use(Variant.EXPIRED_CERT) LabRegistry registry) {
        RegistryException e = failure(() -> LabClients.client(registry).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_EXPIRED);
        assertThat(e.phase()).contains(Phase.TLS);
    }

    @Test
    void wrongHostCertificate(@Use(Variant.WRONG_HOST_CERT) LabRegistry registry) {
        RegistryException e = failure(() -> LabClients.client(registry).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_HOSTNAME_MISMATCH);
        assertThat(e.getMessage()).contains("registry.wrong-host.invalid");
    }

    @Test
    void untrustedCertificate(@Use(Variant.UNTRUSTED_CERT) LabRegistry registry) {
        RegistryClient noCa = RegistryClient.create(RegistryEndpoint.of(registry.baseUrl().toString(), false, null, Credentials.anonymous()),
                LabClients.options(), OutboundPolicy.defaults());
        assertThat(failure(noCa::ping).category()).isEqualTo(Category.TLS_UNTRUSTED);
        // trusting that very certificate through the registry's CA bundle fixes it
        assertThat(pull(LabClients.client(registry), registry, RegistryLab.ALPINE).digest())
                .isEqualTo(Digest.parse(registry.image(RegistryLab.ALPINE).digest()));
    }

    @Test
    void insecureSkipsTheDefectButReportsIt(@Use(Variant.EXPIRED_CERT) LabRegistry registry) {
        RegistryClient insecure = RegistryClient.create(RegistryEndpoint.of(registry.baseUrl().toString(), true, null, Credentials.anonymous()),
                LabClients.options(), OutboundPolicy.defaults());
        PingResult ping = insecure.ping();
        assertThat(ping.tls().orElseThrow().skippedProblem()).hasValueSatisfying(p -> assertThat(p.category()).isEqualTo(Category.TLS_EXPIRED));
        assertThat(pull(insecure, registry, RegistryLab.ALPINE).digest()).isEqualTo(Digest.parse(registry.image(RegistryLab.ALPINE).digest()));
    }

    @Test
    void protocolMixUps(@Use(Variant.ANONYMOUS) LabRegistry plain, @Use(Variant.TLS_BASIC) LabRegistry tls) {
        RegistryException tlsToPlain = failure(() -> RegistryClient.create(RegistryEndpoint.of("https://" + plain.hostPort(), false, null,
                Credentials.anonymous()), LabClients.options(), OutboundPolicy.defaults()).ping());
        assertThat(tlsToPlain.category()).isEqualTo(Category.TLS_PROTOCOL_MISMATCH);
        RegistryException plainToTls = failure(() -> RegistryClient.create(RegistryEndpoint.of("http://" + tls.hostPort(), true, null,
                Credentials.anonymous()), LabClients.options(), OutboundPolicy.defaults()).ping());
        assertThat(plainToTls.category()).isEqualTo(Category.TLS_PROTOCOL_MISMATCH);
        // an insecure registry typed without a scheme is found on plain HTTP, as docker does
        RegistryClient bare = RegistryClient.create(RegistryEndpoint.of(plain.hostPort(), true, null, Credentials.anonymous()),
                LabClients.options(), OutboundPolicy.defaults());
        assertThat(bare.ping().endpoint().getScheme()).isEqualTo("http");
    }

    @Test
    void somethingThatIsNotARegistry(@Use(Variant.TOKEN) LabRegistry registry) {
        // the token issuer is an HTTPS server with a lab certificate, but has no /v2/ API
        var realm = registry.tokenIssuer().realm();
        RegistryClient client = RegistryClient.create(RegistryEndpoint.of("https://" + realm.getHost() + ":" + realm.getPort(), false,
                registry.caPem(), Credentials.anonymous()), LabClients.options(), OutboundPolicy.defaults());
        assertThat(failure(client::ping).category()).isEqualTo(Category.NOT_A_REGISTRY);
    }

    @Test
    void connectionRefusedAndBlockedAddresses(@Use(Variant.ANONYMOUS) LabRegistry registry) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int port = closed;
        assertThat(failure(() -> RegistryClient.create(RegistryEndpoint.of("http://127.0.0.1:" + port, true, null, Credentials.anonymous()),
                LabClients.options(), OutboundPolicy.defaults()).ping()).category()).isEqualTo(Category.CONNECTION_REFUSED);
        RegistryClient blocked = RegistryClient.create(LabClients.endpoint(registry, Credentials.anonymous()), LabClients.options(),
                OutboundPolicy.of(List.of(), List.of(Cidr.parse("127.0.0.0/8"))));
        RegistryException e = failure(blocked::ping);
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(e.phase()).contains(Phase.DNS);
    }

    // ------------------------------------------------------------------ Basic auth

    @Test
    void basicAuth(@Use(Variant.TLS_BASIC) LabRegistry registry) {
        assertThat(LabClients.client(registry).checkAuth()).satisfies(a -> {
            assertThat(a.scheme()).isEqualTo("Basic");
            assertThat(a.credentialsVerified()).isTrue();
        });
        assertThat(failure(() -> pull(LabClients.client(registry, Credentials.anonymous()), registry, RegistryLab.ALPINE)).category())
                .isEqualTo(Category.AUTH_REQUIRED);
        RegistryException wrong = failure(() -> LabClients.client(registry, Credentials.basic(RegistryLab.BASIC_USER.username(), "wrong"))
                .checkAuth());
        assertThat(wrong.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
    }

    // ------------------------------------------------------------------ token auth

    @Test
    void tokenAuthCategories(@Use(Variant.TOKEN) LabRegistry registry) {
        TokenIssuer issuer = registry.tokenIssuer();
        int mark = issuer.mark();
        RegistryClient anonymous = LabClients.client(registry, Credentials.anonymous());
        assertThat(pull(anonymous, registry, RegistryLab.PUBLIC).digest()).isEqualTo(Digest.parse(registry.image(RegistryLab.PUBLIC).digest()));
        assertThat(failure(() -> pull(anonymous, registry, RegistryLab.PRIVATE)).category()).isEqualTo(Category.AUTH_REQUIRED);

        RegistryClient reader = LabClients.client(registry, LabClients.credentials(RegistryLab.TOKEN_READER));
        assertThat(pull(reader, registry, RegistryLab.ALPINE).layers()).isNotEmpty();
        RegistryException denied = failure(() -> pull(reader, registry, RegistryLab.PRIVATE));
        assertThat(denied.category()).isEqualTo(Category.ACCESS_DENIED);

        RegistryException wrong = failure(() -> LabClients.client(registry, Credentials.basic("alice", "not-her-password")).checkAuth());
        assertThat(wrong.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS);
        assertThat(wrong.phase()).contains(Phase.AUTH);

        AuthResult admin = LabClients.client(registry).checkAuth();
        assertThat(admin.scheme()).isEqualTo("Bearer");
        assertThat(admin.credentialsVerified()).isTrue();
        assertThat(admin.tokenLifetime()).contains(TokenIssuer.DEFAULT_LIFETIME);
        assertThat(issuer.requestsSince(mark)).isNotEmpty().allSatisfy(r -> assertThat(r.https()).isTrue());
    }

    @Test
    void identityTokenUsesOAuthAndFallsBackToGet(@Use(Variant.TOKEN) LabRegistry registry) {
        TokenIssuer issuer = registry.tokenIssuer();
        String refresh = issuer.refreshToken(RegistryLab.TOKEN_ADMIN.username());
        int mark = issuer.mark();
        RegistryClient client = LabClients.client(registry, Credentials.identityToken(RegistryLab.TOKEN_ADMIN.username(), refresh));
        assertThat(pull(client, registry, RegistryLab.PRIVATE).layers()).isNotEmpty();
        assertThat(issuer.requestsSince(mark)).extracting(TokenIssuer.TokenRequest::method, TokenIssuer.TokenRequest::grantType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "refresh_token"));

        try (TokenIssuer.Restore ignored = issuer.disableOAuthPost()) {
            int again = issuer.mark();
            RegistryClient fallback = LabClients.client(registry, Credentials.basic(RegistryLab.TOKEN_ADMIN.username(),
                    RegistryLab.TOKEN_ADMIN.password()));
            assertThat(pull(fallback, registry, RegistryLab.PRIVATE).layers()).isNotEmpty();
            assertThat(issuer.requestsSince(again)).extracting(TokenIssuer.TokenRequest::method).containsOnly("GET");
        }
    }

    @Test
    void expiredTokenIsRenewedOnce(@Use(Variant.TOKEN) LabRegistry registry) {
        TokenIssuer issuer = registry.tokenIssuer();
        RegistryClient client = LabClients.client(registry);
        client.ping();
        try (TokenIssuer.Restore ignored = issuer.issueExpiredTokens(1)) {
            int mark = issuer.mark();
            assertThat(pull(client, registry, RegistryLab.ALPINE).layers()).isNotEmpty();
            assertThat(issuer.requestsSince(mark)).hasSize(2); // the expired token, then its renewal
        }
    }

    @Test
    void missingExpiresInMeansSixtySeconds(@Use(Variant.TOKEN) LabRegistry registry) {
        try (TokenIssuer.Restore ignored = registry.tokenIssuer().omitExpiresIn()) {
            assertThat(LabClients.client(registry).checkAuth().tokenLifetime()).contains(Duration.ofSeconds(60));
        }
    }

    @Test
    void credentialsNeverGoToAPlainHttpRealm(@Use(Variant.TOKEN_PLAIN_HTTP_REALM) LabRegistry registry) {
        TokenIssuer issuer = registry.tokenIssuer();
        int mark = issuer.mark();
        RegistryException e = failure(() -> pull(LabClients.client(registry), registry, RegistryLab.ALPINE));
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(e.getMessage()).contains("plain http");
        assertThat(issuer.requestsSince(mark)).noneMatch(r -> !r.https());
    }
}
