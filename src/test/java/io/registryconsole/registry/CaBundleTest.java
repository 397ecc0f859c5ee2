package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CaBundleTest {

    static String testCa() {
        try (InputStream in = CaBundleTest.class.getResourceAsStream("/certs/test-ca.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsSubjectAndExpiryOfTheBundle() {
        CertificateView view = CaBundle.parse(testCa() + "\n" + testCa()).view();

        assertThat(view.subject()).isEqualTo("CN=Registry Console Test CA,O=Registry Console Tests");
        assertThat(view.notAfter()).isAfter(Instant.parse("2100-01-01T00:00:00Z"));
        assertThat(view.certificates()).isEqualTo(2);
    }

    @Test
    void textAroundTheBlocksIsAllowed() {
        assertThat(CaBundle.parse("# our root\n" + testCa()).certificates()).hasSize(1);
    }

    @Test
    void rejectsTextThatIsNoCertificate() {
        assertThatThrownBy(() -> CaBundle.parse("hello")).hasMessageContaining("is not a PEM certificate");
    }

    @Test
    void rejectsABrokenBlockAndSaysWhichOne() {
        String broken = testCa() + "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> CaBundle.parse(broken)).hasMessageContaining("certificate 2 of the bundle");
    }

    @Test
    void refusesPrivateKeys() {
        String withKey = testCa() + "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> CaBundle.parse(withKey))
            .hasMessageContaining("private key").hasMessageNotContaining("MIGHAgEAMBMGByqGSM49");
    }
}
