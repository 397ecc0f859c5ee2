package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof by nginx (Debian's package, run as a process on 127.0.0.1): {@code nginx -t} accepts the generated
 * proxy, and nginx's own answers (no route, registry unreachable) carry the registry API version header.
 * Live pulls through the proxy are in {@link NginxProxyLabTest}.
 */
class NginxProxyProgramTest {

    @TempDir
    Path tmp;

    /** Backends on loopback ports where nothing listens: nginx -t never connects, so no registry is needed. */
    private ExportEnvironment loopbackEnvironment(int deadPort) {
        return new ExportEnvironment("ci lab", null, null, null, List.of(
                ExportBinding.primary("plain", "http://127.0.0.1:" + deadPort),
                ExportBinding.primary("tls-ca", "https://localhost:" + deadPort).withCaPem(ExportFixtures.testCaPem())
                        .withPriority(1),
                ExportBinding.primary("tls-insecure", "https://127.0.0.1:" + deadPort).withInsecure(true).withPriority(2),
                ExportBinding.mirror("proxy-cache", "https://localhost:" + deadPort + "/hub-proxy", "docker.io", 1),
                ExportBinding.mirror("odd name!", "http://127.0.0.1:" + deadPort, "ghcr.io", 1)));
    }

    private Path writeProxy(ExportEnvironment env, ExportOptions options) {
        ExportResult result = new ExportService().render(Format.NGINX_PROXY, env, options);
        ExportFixtures.write(result, tmp.resolve("conf"));
        return tmp.resolve("conf").resolve(result.main().name());
    }

    private ExportOptions options(int listenPort) {
        return ExportOptions.defaults().toBuilder().nginxListen("127.0.0.1:" + listenPort)
                .nginxCertsDir(tmp.resolve("conf").toString()).build();
    }

    @Test
    void nginxAcceptsTheGeneratedProxy() {
        Path conf = writeProxy(loopbackEnvironment(NginxRunner.freePort()), options(NginxRunner.freePort()));

        try (NginxRunner nginx = new NginxRunner(tmp.resolve("nginx"), conf)) {
            ExternalProgram.Result t = nginx.test();
            assertThat(t.exitCode()).as(t.describe()).isZero();
            assertThat(t.output()).contains("syntax is ok").contains("test is successful");
        }
    }

    @Test
    void nginxRejectsABrokenProxy() throws IOException {
        Path conf = writeProxy(loopbackEnvironment(NginxRunner.freePort()), options(NginxRunner.freePort()));
        Files.writeString(conf, Files.readString(conf).replace("client_max_body_size 0;", "client_max_body_size 0"));

        try (NginxRunner nginx = new NginxRunner(tmp.resolve("nginx"), conf)) {
            ExternalProgram.Result t = nginx.test();
            assertThat(t.exitCode()).as(t.describe()).isNotZero();
            assertThat(t.output()).contains("test failed");
        }
    }

    @Test
    void nginxOwnAnswersLookLikeARegistry() throws Exception {
        int port = NginxRunner.freePort();
        Path conf = writeProxy(loopbackEnvironment(NginxRunner.freePort()), options(port));
        HttpClient http = HttpClient.newHttpClient();

        try (NginxRunner nginx = new NginxRunner(tmp.resolve("nginx"), conf)) {
            nginx.start(port);
            HttpResponse<String> notProxied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> internal = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_rc/ci_lab/plain/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unreachable = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v2/library/alpine/manifests/3.19"))
                    .header("X-Registry", "plain").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(notProxied.statusCode()).isEqualTo(404);
            assertThat(internal.statusCode()).as("internal locations are not reachable from outside").isEqualTo(404);
            assertThat(unreachable.statusCode()).as(nginx.errorLog()).isEqualTo(502);
            for (HttpResponse<String> r : List.of(notProxied, internal, unreachable)) {
                assertThat(r.headers().firstValue("Docker-Distribution-Api-Version")).hasValue("registry/2.0");
                assertThat(Formats.JSON.readTree(r.body()).path("errors").path(0).path("code").isString()).isTrue();
            }
            assertThat(nginx.errorLog()).as("the request was routed to the backend chosen by the header")
                    .contains("127.0.0.1:" + deadPortOf(conf));
        }
    }

    private static String deadPortOf(Path conf) throws IOException {
        String text = Files.readString(conf);
        int at = text.indexOf("server 127.0.0.1:") + "server 127.0.0.1:".length();
        return text.substring(at, text.indexOf(';', at));
    }
}
