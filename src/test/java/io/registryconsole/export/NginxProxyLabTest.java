package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Proof by nginx with live pulls: the generated proxy, run by Debian's nginx on 127.0.0.1, sends each request
 * to the lab registry the header names (plain HTTP, TLS with the lab CA and Basic auth, token auth), passes
 * logins through, and a real client (skopeo) pulls a whole image through it.
 */
@ExtendWith(RegistryLab.Extension.class)
class NginxProxyLabTest {

    private static final String OCI = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json,"
            + " application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theHeaderChoosesTheRegistry(@Use(Variant.ANONYMOUS) LabRegistry anonymous,
                                     @Use(Variant.TLS_BASIC) LabRegistry tlsBasic,
                                     @Use(Variant.TOKEN) LabRegistry token, RegistryLab lab) throws Exception {
        int port = NginxRunner.freePort();
        // TLS registries by "localhost": nginx verifies the certificate's DNS name (the lab certificate names it)
        ExportEnvironment env = new ExportEnvironment("hybrid", null, null, null, List.of(
                LabEnvironments.primary("plain", anonymous),
                LabEnvironments.bind("basic", URI.create("https://localhost:" + tlsBasic.port()), tlsBasic,
                        BindingRole.PRIMARY, null, 1),
                LabEnvironments.bind("token", URI.create("https://localhost:" + token.port()), token,
                        BindingRole.PRIMARY, null, 2)));
        try (NginxRunner nginx = start(env, port)) {
            String alpine = anonymous.image(RegistryLab.ALPINE).digest();

            HttpResponse<String> plain = manifest(port, "plain", RegistryLab.ALPINE, null);
            HttpResponse<String> byDefault = manifest(port, null, RegistryLab.ALPINE, null);
            HttpResponse<String> basicChallenge = manifest(port, "basic", RegistryLab.ALPINE, null);
            HttpResponse<String> basic = manifest(port, "basic", RegistryLab.ALPINE, "Basic " + Base64.getEncoder()
                    .encodeToString(RegistryLab.BASIC_USER.colonSeparated().getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> tokenChallenge = manifest(port, "token", RegistryLab.PUBLIC, null);
            String bearer = "Bearer " + fetchToken(tokenChallenge, lab);
            HttpResponse<String> withToken = manifest(port, "token", RegistryLab.PUBLIC, bearer);
            HttpResponse<String> notOnPlain = manifest(port, "plain", RegistryLab.PUBLIC, null);

            assertThat(plain.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Docker-Content-Digest")).hasValue(alpine);
            assertThat(byDefault.statusCode()).as("without the header: the default, the first primary").isEqualTo(200);
            assertThat(basicChallenge.statusCode()).isEqualTo(401);
            assertThat(basicChallenge.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
            assertThat(basic.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(basic.headers().firstValue("Docker-Content-Digest"))
                    .hasValue(tlsBasic.image(RegistryLab.ALPINE).digest());
            assertThat(tokenChallenge.statusCode()).isEqualTo(401);
            assertThat(tokenChallenge.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
            assertThat(withToken.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(withToken.headers().firstValue("Docker-Content-Digest"))
                    .hasValue(token.image(RegistryLab.PUBLIC).digest());
            assertThat(notOnPlain.statusCode()).as("public/hello lives in the token registry only").isEqualTo(404);
            assertThat(notOnPlain.body()).contains("MANIFEST_UNKNOWN").doesNotContain("only the registry API");
        }
    }

    @Test
    void skopeoPullsAWholeImageThroughTheProxy(@Use(Variant.ANONYMOUS) LabRegistry anonymous) throws Exception {
        int port = NginxRunner.freePort();
        ExportEnvironment env = new ExportEnvironment("pull", null, null, null, List.of(
                LabEnvironments.primary("plain", anonymous),
                ExportBinding.primary("nothing-here", "http://" + LabEnvironments.deadHost()).withPriority(1)));
        try (NginxRunner nginx = start(env, port)) {
            ExternalProgram.Result copy = ExternalProgram.require("skopeo", "skopeo").run(Duration.ofSeconds(180),
                    "copy", "--all", "--src-tls-verify=false", "docker://127.0.0.1:" + port + "/" + RegistryLab.MULTI_ARCH,
                    "oci:" + tmp.resolve("copy") + ":pulled");

            assertThat(copy.exitCode()).as(copy.describe() + "\n" + nginx.errorLog()).isZero();
            String index = java.nio.file.Files.readString(tmp.resolve("copy").resolve("index.json"));
            assertThat(index).contains(anonymous.image(RegistryLab.MULTI_ARCH).digest());
        }
    }

    private NginxRunner start(ExportEnvironment env, int port) {
        ExportOptions options = ExportOptions.defaults().toBuilder().nginxListen("127.0.0.1:" + port)
                .nginxCertsDir(tmp.resolve("conf").toString()).build();
        ExportResult result = new ExportService().render(Format.NGINX_PROXY, env, options);
        ExportFixtures.write(result, tmp.resolve("conf"));
        NginxRunner nginx = new NginxRunner(tmp.resolve("nginx"), tmp.resolve("conf").resolve(result.main().name()));
        ExternalProgram.Result test = nginx.test();
        assertThat(test.exitCode()).as(test.describe()).isZero();
        nginx.start(port);
        return nginx;
    }

    private HttpResponse<String> manifest(int port, String registry, String repoTag, String authorization) throws Exception {
        int colon = repoTag.lastIndexOf(':');
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"
                + repoTag.substring(0, colon) + "/manifests/" + repoTag.substring(colon + 1))).header("Accept", OCI);
        if (registry != null) {
            request.header("X-Registry", registry);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a client does with a Bearer challenge: ask the realm (directly, not through nginx) for a token. */
    private static String fetchToken(HttpResponse<String> challenge, RegistryLab lab) throws Exception {
        String header = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(header);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        URI uri = URI.create(params.get("realm") + "?service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode(params.get("scope"), StandardCharsets.UTF_8));
        HttpClient trusting = HttpClient.newBuilder().sslContext(lab.sslContext()).build();
        HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token from " + uri).isEqualTo(200);
        var json = Formats.JSON.readTree(response.body());
        return json.has("token") ? json.path("token").asString() : json.path("access_token").asString();
    }
}
