package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input (network), end to end through the client: a registry on 127.0.0.1 that redirects or sends its token
 * realm to addresses the console must refuse. The policy allows 127.0.0.1 only and denies everything else
 * (0.0.0.0/0, ::/0), so every refused address is refused before any connection, and nothing leaves loopback.
 */
class HostileEndpointsTest {

    static final OutboundPolicy ONLY_127_0_0_1 = OutboundPolicy.parse("127.0.0.1/32", "0.0.0.0/0,::/0");

    private FakeRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        registry.image("app", "1", MediaTypes.OCI_MANIFEST, "linux", "amd64", "", FakeRegistry.random(10_000, 1));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private RegistryClient client(OutboundPolicy policy) {
        return RegistryClient.create(registry.endpoint(Credentials.basic("robot", "s3cret-pw")),
                ClientOptions.builder().retryBudget(Duration.ofSeconds(2)).build(), policy);
    }

    private RegistryException pullFailure(OutboundPolicy policy) {
        try {
            client(policy).pull(registry.ref("app:1"), Platform.LINUX_AMD64, PullListener.NONE, null);
        } catch (RegistryException e) {
            return e;
        }
        throw new AssertionError("the pull succeeded");
    }

    private void redirectBlobsTo(String location) {
        registry.interceptor = (ex, path) -> {
            if (path.contains("/blobs/")) {
                ex.getResponseHeaders().set("Location", location);
                ex.sendResponseHeaders(307, -1);
                return true;
            }
            return false;
        };
    }

    @ParameterizedTest(name = "redirect to {0}")
    @ValueSource(strings = {"http://0.0.0.0:9/b", "http://[::]:9/b", "http://[::ffff:0.0.0.0]:9/b", "http://[::ffff:127.0.0.2]:9/b",
        "http://[::127.0.0.2]:9/b", "http://[64:ff9b::7f00:2]:9/b", "http://127.0.0.2:9/b"})
    void aRedirectToADeniedAddressIsBlockedBeforeAnyConnection(String location) {
        redirectBlobsTo(location);
        RegistryException e = pullFailure(ONLY_127_0_0_1);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(Category.BLOCKED_BY_POLICY);
    }

    @ParameterizedTest(name = "redirect to {0}")
    @ValueSource(strings = {"http://0:9/b", "http://0177.0.0.1:9/b", "http://2130706433:9/b", "http://0x7f.0.0.1:9/b", "http://127.1:9/b",
        "http://127.0.0.1.:9/b"})
    void aRedirectToAnAmbiguousLiteralIsRefusedEvenWhenItsReadingsWouldBeAllowed(String location) {
        redirectBlobsTo(location);
        RegistryException e = pullFailure(ONLY_127_0_0_1);
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(e.getMessage()).contains("ambiguous IPv4 address");
    }

    @Test
    void aRedirectToTheUnspecifiedAddressIsDeniedWhenALoopbackAddressIs() {
        // the finding: with only 127.0.0.2 denied, 0.0.0.0 used to be "no rule matches" and was connected to
        redirectBlobsTo("http://0.0.0.0:9/b");
        RegistryException e = pullFailure(OutboundPolicy.parse("127.0.0.1/32", "127.0.0.2/32,0.0.0.0/0,::/0"));
        assertThat(e.category()).isEqualTo(Category.BLOCKED_BY_POLICY);
        assertThat(OutboundPolicy.parse("", "127.0.0.2/32").decide(java.net.InetAddress.getLoopbackAddress()).allowed()).isTrue();
    }

    @Test
    void aRedirectLoopEndsAsAServerError() {
        registry.interceptor = (ex, path) -> {
            if (path.contains("/blobs/")) {
                ex.getResponseHeaders().set("Location", path + (path.contains("?") ? "x" : "?n=1"));
                ex.sendResponseHeaders(302, -1);
                return true;
            }
            return false;
        };
        RegistryException e = pullFailure(ONLY_127_0_0_1);
        assertThat(e.category()).isEqualTo(Category.SERVER_ERROR);
        assertThat(e.getMessage()).contains("more than 10 redirects");
    }

    @ParameterizedTest(name = "token realm {0}")
    @ValueSource(strings = {"http://0177.0.0.1:9/token", "http://[::ffff:127.0.0.2]:9/token", "http://0.0.0.0:9/token",
        "http://2130706433:9/token", "http://127.1:9/token"})
    void aTokenRealmOnARefusedAddressIsNeverAsked(String realm) {
        registry.interceptor = (ex, path) -> {
            if (ex.getRequestHeaders().getFirst("Authorization") == null || ex.getRequestHeaders().getFirst("Authorization").startsWith("Basic")) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"fake\"");
                FakeRegistry.send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
            return false;
        };
        RegistryException e = pullFailure(ONLY_127_0_0_1);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(Category.BLOCKED_BY_POLICY);
    }
}
