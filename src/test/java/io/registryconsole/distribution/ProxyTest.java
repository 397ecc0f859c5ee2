package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.check.Loopback;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.Tinyproxy;

/**
 * The client through Debian's tinyproxy with Basic auth, to the lab's real docker-registry. The registry is named
 * {@link Tinyproxy#REGISTRY_NAME}, which only the proxy resolves (to 127.0.0.1): Go's NO_PROXY reader, and so the
 * console, never proxies localhost or loopback literals.
 */
@ExtendWith(RegistryLab.Extension.class)
class ProxyTest {

    static final String USER = "nodes";
    static final String PASSWORD = "proxy-secret-7";

    @TempDir
    static Path dir;

    static Tinyproxy proxy;
    static int tlsPortNotAllowed = Loopback.closedPort();

    @BeforeAll
    static void start() {
        proxy = Tinyproxy.start(dir.resolve("tinyproxy"), USER, PASSWORD, List.of(443));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    static RegistryClient client(LabRegistry registry, URI proxyUrl, String user, String password) {
        RegistryEndpoint endpoint = RegistryEndpoint.of("http://" + Tinyproxy.REGISTRY_NAME + ":" + registry.port(), true, null, null);
        ProxySettings settings = new ProxySettings(proxyUrl, proxyUrl, NoProxy.parse("10.0.0.0/8,.corp"), user, password);
        return RegistryClient.create(endpoint, ClientOptions.builder().maxAttempts(1).build(), OutboundPolicy.defaults(), settings);
    }

    static ImageReference alpine(LabRegistry registry) {
        return ImageReference.parse(Tinyproxy.REGISTRY_NAME + ":" + registry.port() + "/" + RegistryLab.ALPINE);
    }

    @Test
    void withoutProxyCredentialsItIsProxyAuthRequired(@RegistryLab.Use(RegistryLab.Variant.ANONYMOUS) LabRegistry registry) {
        assertThatThrownBy(() -> client(registry, proxy.url(), null, null).head(alpine(registry)))
            .isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.category()).isEqualTo(Category.PROXY_AUTH_REQUIRED);
                assertThat(e.getMessage()).contains("none are stored");
            });
        assertThatThrownBy(() -> client(registry, proxy.url(), USER, "wrong").head(alpine(registry)))
            .isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.category()).isEqualTo(Category.PROXY_AUTH_REQUIRED);
                assertThat(e.getMessage()).contains("rejected").doesNotContain("wrong");
            });
    }

    @Test
    void withThemThePullGoesThroughTheProxy(@RegistryLab.Use(RegistryLab.Variant.ANONYMOUS) LabRegistry registry) {
        PullResult result = client(registry, proxy.url(), USER, PASSWORD).pull(alpine(registry), Platform.parse("linux/amd64"),
            PullListener.NONE, BlobSink.DISCARD);

        assertThat(result.manifest().digest().toString()).isEqualTo(registry.image(RegistryLab.ALPINE).digest());
        String log = proxy.logText();
        assertThat(log).contains("GET http://" + Tinyproxy.REGISTRY_NAME + ":" + registry.port() + "/v2/library/alpine-test/blobs/");
        assertThat(log).doesNotContain(PASSWORD);
    }

    @Test
    void aProxyThatIsDownIsUnreachable(@RegistryLab.Use(RegistryLab.Variant.ANONYMOUS) LabRegistry registry) {
        URI down = URI.create("http://127.0.0.1:" + Loopback.closedPort());
        assertThatThrownBy(() -> client(registry, down, USER, PASSWORD).head(alpine(registry)))
            .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.PROXY_UNREACHABLE));
    }

    @Test
    void aConnectToAPortTheProxyDoesNotAllowIsRefused() {
        RegistryEndpoint endpoint = RegistryEndpoint.of("https://" + Tinyproxy.REGISTRY_NAME + ":" + tlsPortNotAllowed, false, null, null);
        ProxySettings settings = new ProxySettings(proxy.url(), proxy.url(), null, USER, PASSWORD);
        RegistryClient client = RegistryClient.create(endpoint, ClientOptions.builder().maxAttempts(1).build(), OutboundPolicy.defaults(),
            settings);
        assertThatThrownBy(client::ping).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.category()).isEqualTo(Category.PROXY_REFUSED);
            assertThat(e.getMessage()).contains("(403)");
        });
        assertThat(proxy.logText()).contains("Refused CONNECT method on port " + tlsPortNotAllowed);
    }

    @Test
    void settingsHideThePassword() {
        ProxySettings settings = new ProxySettings(proxy.url(), null, null, USER, PASSWORD);
        assertThat(settings.toString()).doesNotContain(PASSWORD).contains("****");
        assertThat(settings.proxyFor(URI.create("https://registry.example"))).isEmpty();
        assertThat(settings.proxyFor(URI.create("http://registry.example"))).contains(proxy.url());
    }
}
