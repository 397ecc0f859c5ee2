package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/** The TLS + htpasswd registry wants Basic credentials and a client that trusts the lab CA. */
@ExtendWith(RegistryLab.Extension.class)
class TlsBasicRegistryTest {

    @Test
    void anonymousRequestsGetABasicChallenge(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab)
            throws Exception {
        HttpResponse<String> response = client(lab).send(v2(registry, null), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Registry Console Lab\"");
    }

    @Test
    void credentialsAndTheLabCaGetIn(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab) throws Exception {
        LabRegistry.Credentials credentials = registry.credentials().orElseThrow();
        HttpResponse<String> response = client(lab).send(v2(registry, credentials),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(registry.baseUrl().toString()).startsWith("https://127.0.0.1:");
        assertThat(registry.caPem()).isEqualTo(lab.caPem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void certificateAlsoNamesLocalhost(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + registry.port() + "/v2/"))
            .header("Authorization", basic(registry.credentials().orElseThrow()))
            .build();

        assertThat(client(lab).send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordIsRejected(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab) throws Exception {
        HttpResponse<String> response = client(lab).send(
            v2(registry, new LabRegistry.Credentials(RegistryLab.BASIC_USER.username(), "wrong")),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theJvmTrustStoreDoesNotTrustTheLabCa(@Use(Variant.TLS_BASIC) LabRegistry registry) {
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(v2(registry, null),
            HttpResponse.BodyHandlers.discarding()))
            .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void skopeoNeedsTheCredentials(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab) {
        Programs.Result result = lab.skopeo().run("inspect", "--raw", "--cert-dir", registry.certDir().toString(),
            registry.dockerReference(RegistryLab.ALPINE));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("authentication required");
    }

    @Test
    void skopeoWithoutTheCaRejectsTheCertificate(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw", "--creds",
            registry.credentials().orElseThrow().colonSeparated(), registry.dockerReference(RegistryLab.ALPINE)));
        Programs.Result result = lab.skopeo().run(args);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("certificate signed by unknown authority");
    }

    @Test
    void everyImageHasTheGeneratedDigests(@Use(Variant.TLS_BASIC) LabRegistry registry, RegistryLab lab) {
        assertThat(registry.images()).containsKeys(RegistryLab.ALPINE, RegistryLab.MULTI_ARCH, RegistryLab.SCHEMA2,
            RegistryLab.DOCKER_LIST, "tags/app:1.2");
        registry.images().values().forEach(image -> LabAssertions.assertServedAsGenerated(lab.skopeo(), registry,
            image));
    }

    static HttpClient client(RegistryLab lab) {
        return HttpClient.newBuilder().sslContext(lab.sslContext()).build();
    }

    private static HttpRequest v2(LabRegistry registry, LabRegistry.Credentials credentials) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/"));
        if (credentials != null) {
            builder.header("Authorization", basic(credentials));
        }
        return builder.build();
    }

    static String basic(LabRegistry.Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(
            credentials.colonSeparated().getBytes(StandardCharsets.UTF_8));
    }
}
