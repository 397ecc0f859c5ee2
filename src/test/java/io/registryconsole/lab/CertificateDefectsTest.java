package io.registryconsole.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/** Each TLS-defect registry shows exactly its defect to skopeo and to the JDK client, and nothing else. */
@ExtendWith(RegistryLab.Extension.class)
class CertificateDefectsTest {

    @Test
    void expiredCertificateIsRejectedAsExpired(@Use(Variant.EXPIRED_CERT) LabRegistry registry, RegistryLab lab)
            throws Exception {
        assertThat(inspectTrustingTheCa(lab, registry).stderr())
            .contains("certificate has expired or is not yet valid");
        assertThat(certificate(registry).getNotAfter()).isBefore(new Date());
        assertThat(certificate(registry).getIssuerX500Principal()).isEqualTo(lab.ca().certificate()
            .getSubjectX500Principal());
        assertThatThrownBy(() -> get(lab, registry)).isInstanceOf(SSLHandshakeException.class)
            .hasStackTraceContaining("CertificateExpiredException");
        assertReadableWithoutVerification(lab, registry);
    }

    @Test
    void wrongHostCertificateIsRejectedForItsName(@Use(Variant.WRONG_HOST_CERT) LabRegistry registry,
            RegistryLab lab) throws Exception {
        // The certificate names a host only (no IP address): Go words the mismatch per kind of address.
        assertThat(inspectTrustingTheCa(lab, registry).stderr())
            .contains("cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs");
        List<String> byName = new ArrayList<>(List.of("inspect", "--raw"));
        byName.addAll(registry.skopeoOptions("", true));
        byName.add("docker://localhost:" + registry.port() + "/" + RegistryLab.ALPINE);
        assertThat(lab.skopeo().run(byName).stderr())
            .contains("certificate is valid for registry.wrong-host.invalid, not localhost");
        assertThat(certificate(registry).getNotAfter()).isAfter(new Date());
        assertThatThrownBy(() -> get(lab, registry)).isInstanceOf(SSLHandshakeException.class)
            .hasStackTraceContaining("127.0.0.1");
        assertReadableWithoutVerification(lab, registry);
    }

    @Test
    void selfSignedCertificateIsUntrustedUntilTrustedItself(@Use(Variant.UNTRUSTED_CERT) LabRegistry registry,
            RegistryLab lab) throws Exception {
        Programs.Result withLabCa = lab.skopeo().run("inspect", "--raw", "--cert-dir",
            lab.tlsBasic().certDir().toString(), registry.dockerReference(RegistryLab.ALPINE));
        assertThat(withLabCa.exitCode()).isNotZero();
        assertThat(withLabCa.stderr()).contains("certificate signed by unknown authority");
        assertThatThrownBy(() -> get(lab, registry)).isInstanceOf(SSLHandshakeException.class)
            .hasStackTraceContaining("PKIX path building failed");

        // caPem() of this registry is its own certificate: trusting it is enough.
        assertThat(registry.caPem()).isEqualTo(registry.certificatePem()).isNotEqualTo(lab.caPem());
        assertThat(inspectTrustingTheCa(lab, registry).exitCode()).isZero();
    }

    private static Programs.Result inspectTrustingTheCa(RegistryLab lab, LabRegistry registry) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        args.addAll(registry.skopeoOptions("", true));
        args.add(registry.dockerReference(RegistryLab.ALPINE));
        return lab.skopeo().run(args);
    }

    /** The registry itself works: only its certificate is wrong. */
    private static void assertReadableWithoutVerification(RegistryLab lab, LabRegistry registry) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        args.addAll(registry.skopeoOptions("", false));
        args.add(registry.dockerReference(RegistryLab.ALPINE));
        String raw = lab.skopeo().run(args).stdoutOrThrow();
        assertThat(LabAssertions.sha256(raw)).isEqualTo(registry.image(RegistryLab.ALPINE).digest());
    }

    private static HttpResponse<Void> get(RegistryLab lab, LabRegistry registry) throws Exception {
        return HttpClient.newBuilder().sslContext(lab.sslContext()).build()
            .send(HttpRequest.newBuilder(URI.create(registry.baseUrl() + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static X509Certificate certificate(LabRegistry registry) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
            new ByteArrayInputStream(registry.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }
}
