package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsClassificationTest {

    private static TestPki pki;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.get();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private FakeRegistry tls(javax.net.ssl.SSLContext context) throws Exception {
        FakeRegistry registry = FakeRegistry.startTls(context);
        resources.add(registry);
        registry.image("app", "1", "linux", "amd64", FakeRegistry.random(5000, 1));
        return registry;
    }

    private static RegistryClient client(String url, boolean insecure, String ca, Credentials credentials) {
        return RegistryClient.create(RegistryEndpoint.of(url, insecure, ca, credentials),
                ClientOptions.builder().connectTimeout(Duration.ofMillis(700)).tlsHandshakeTimeout(Duration.ofSeconds(3))
                        .retryBudget(Duration.ofSeconds(1)).build(), OutboundPolicy.defaults());
    }

    private static RegistryException failure(Runnable r) {
        try {
            r.run();
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("expected a RegistryException");
    }

    @Test
    void trustsTheRegistryCaBundleAndReportsTheConnection() throws Exception {
        FakeRegistry registry = tls(pki.good);
        RegistryClient client = client(registry.url(), false, pki.caPem, Credentials.anonymous());
        PingResult ping = client.ping();
        TlsInfo tls = ping.tls().orElseThrow();
        assertThat(tls.protocol()).startsWith("TLSv1.");
        assertThat(tls.cipherSuite()).isNotBlank();
        assertThat(tls.chain()).hasSize(2);
        assertThat(tls.leaf().orElseThrow().subjectAltNames()).contains("IP:127.0.0.1", "DNS:localhost");
        assertThat(tls.leaf().orElseThrow().notAfter()).isAfter(Instant.now());
        assertThat(tls.chain().get(1).subject()).contains("Registry Console Test CA");
        assertThat(tls.skippedProblem()).isEmpty();
        assertThat(ping.timings()).extracting(PhaseTiming::phase).containsExactly(Phase.DNS, Phase.CONNECT, Phase.TLS, Phase.PING);
        // the HTTP client uses the same trust: a full pull works
        assertThat(client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, null, null).bytes()).isGreaterThan(5000);
    }

    @Test
    void untrustedWithoutTheCa() throws Exception {
        FakeRegistry registry = tls(pki.good);
        RegistryException e = failure(() -> client(registry.url(), false, null, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_UNTRUSTED);
        assertThat(e.phase()).contains(Phase.TLS);
        assertThat(e.getMessage()).contains("Registry Console Test CA").contains("trust");
    }

    @Test
    void expiredCertificate() throws Exception {
        FakeRegistry registry = tls(pki.expired);
        RegistryException e = failure(() -> client(registry.url(), false, pki.caPem, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_EXPIRED);
        assertThat(e.getMessage()).contains("expired on");
    }

    @Test
    void certificateForAnotherHost() throws Exception {
        FakeRegistry registry = tls(pki.wrongHost);
        RegistryException e = failure(() -> client(registry.url(), false, pki.caPem, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_HOSTNAME_MISMATCH);
        assertThat(e.getMessage()).contains("127.0.0.1").contains("DNS:other.example");
        // with "localhost" in the URL the good certificate matches by DNS name
        FakeRegistry good = tls(pki.good);
        assertThat(client("https://localhost:" + good.port(), false, pki.caPem, Credentials.anonymous()).ping().status()).isEqualTo(200);
    }

    @Test
    void insecureSkipsVerificationButRemembersWhy() throws Exception {
        FakeRegistry registry = tls(pki.wrongHost);
        RegistryClient client = client(registry.url(), true, null, Credentials.anonymous());
        PingResult ping = client.ping();
        assertThat(ping.tls().orElseThrow().skippedProblem()).hasValueSatisfying(p -> assertThat(p.category()).isEqualTo(Category.TLS_UNTRUSTED));
        assertThat(client.resolve(registry.ref("app:1"), Platform.LINUX_AMD64).layers()).hasSize(1);
    }

    @Test
    void tlsSpokenToAPlainHttpPort() throws Exception {
        FakeRegistry plain = FakeRegistry.start();
        resources.add(plain);
        RegistryException e = failure(() -> client("https://127.0.0.1:" + plain.port(), false, null, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_PROTOCOL_MISMATCH);
        assertThat(e.getMessage()).contains("does not speak TLS");
    }

    @Test
    void insecureRegistryWithoutSchemeFallsBackToPlainHttp() throws Exception {
        FakeRegistry plain = FakeRegistry.start();
        resources.add(plain);
        plain.image("app", "1", "linux", "amd64", FakeRegistry.random(100, 1));
        RegistryClient client = client("127.0.0.1:" + plain.port(), true, null, Credentials.anonymous());
        assertThat(client.ping().endpoint().getScheme()).isEqualTo("http");
        assertThat(client.resolve(plain.ref("app:1"), Platform.LINUX_AMD64).layers()).hasSize(1);
    }

    @Test
    void plainHttpSpokenToATlsPort() throws Exception {
        FakeRegistry registry = tls(pki.good);
        RegistryException e = failure(() -> client("http://127.0.0.1:" + registry.port(), true, null, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.TLS_PROTOCOL_MISMATCH);
        assertThat(e.getMessage()).contains("speaks TLS");
    }

    @Test
    void connectionRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryException e = failure(() -> client("https://127.0.0.1:" + port, false, null, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.CONNECTION_REFUSED);
        assertThat(e.phase()).contains(Phase.CONNECT);
    }

    @Test
    void connectTimeoutWhenTheAcceptQueueIsFull() throws Exception {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, so connect times out.
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(server);
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(server.getLocalSocketAddress(), 200);
                fillers.add(s);
                resources.add(s);
            } catch (java.io.IOException full) {
                s.close();
                break;
            }
        }
        RegistryException e = failure(() -> client("https://127.0.0.1:" + server.getLocalPort(), false, null, Credentials.anonymous()).ping());
        assertThat(e.category()).isEqualTo(Category.CONNECT_TIMEOUT);
        assertThat(fillers).isNotEmpty();
    }

    @Test
    void neverSendsCredentialsToAPlainHttpRealmOfASecureRegistry() throws Exception {
        FakeRegistry registry = tls(pki.good);
        FakeTokenServer tokens = FakeTokenServer.start();
        resources.add(tokens);
        tokens.users.put("alice", "pw");
        registry.tokenServer = tokens;
        RegistryException e = failure(() -> client(registry.url(), false, pki.caPem, Credentials.basic("alice", "pw")).checkAuth());
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(e.getMessage()).contains("plain http");
        assertThat(tokens.fetches()).isZero();
        // anonymous tokens carry no secret: fetching them over http is fine
        assertThat(client(registry.url(), false, pki.caPem, Credentials.anonymous()).checkAuth().scheme()).isEqualTo("Bearer");
        assertThat(tokens.fetches()).isEqualTo(1);
    }

    @Test
    void refusesARedirectFromHttpsToHttp() throws Exception {
        FakeRegistry registry = tls(pki.good);
        registry.interceptor = (ex, path) -> {
            if (path.contains("/blobs/")) {
                ex.getResponseHeaders().set("Location", "http://localhost:9" + path);
                ex.sendResponseHeaders(307, -1);
                return true;
            }
            return false;
        };
        RegistryException e = failure(() -> client(registry.url(), false, pki.caPem, Credentials.anonymous())
                .pull(registry.ref("app:1"), Platform.LINUX_AMD64, null, null));
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(e.getMessage()).contains("does not downgrade");
    }
}
