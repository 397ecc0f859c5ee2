package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.CosignFixtures;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;

/**
 * Cosign key-based verification against signatures the console did not make: keys and signatures from the openssl
 * CLI, pushed with curl in cosign's layout to Debian's docker-registry.
 */
@ExtendWith(RegistryLab.Extension.class)
class CosignVerificationTest {

    private static CosignFixtures fixtures(RegistryLab lab) {
        return new CosignFixtures(lab.runDir().resolve("cosign-verification"));
    }

    private static TrustedKey trusted(CosignFixtures.KeyPair key) {
        return TrustedKey.parsePem(key.publicPem());
    }

    @Test
    void ecdsaSignatureVerifiesWithTheTrustedKey(RegistryLab lab) {
        LabRegistry registry = lab.anonymous();
        CosignFixtures cosign = fixtures(lab);
        CosignFixtures.KeyPair key = cosign.ecKey("ec-trusted");
        CosignFixtures.KeyPair other = cosign.ecKey("ec-other");
        String digest = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-ec:1");
        cosign.signAndPush(registry, "trust/verify-ec", digest, key);

        SignatureVerdict verdict = LabClients.client(registry).verifySignatures("trust/verify-ec", Digest.parse(digest),
                List.of(trusted(other), trusted(key)));

        assertThat(verdict.status()).as(verdict.detail()).isEqualTo(SignatureStatus.VERIFIED);
        assertThat(verdict.kind()).contains(SignatureKind.COSIGN);
        assertThat(verdict.key()).contains(cosign.fingerprint(key));
        assertThat(verdict.detail()).contains(cosign.fingerprint(key)).contains(".sig");
    }

    @Test
    void rsaPkcs1AndPssSignaturesVerify(RegistryLab lab) {
        LabRegistry registry = lab.tlsBasic();
        CosignFixtures cosign = fixtures(lab);
        CosignFixtures.KeyPair key = cosign.rsaKey("rsa-trusted");
        RegistryClient client = LabClients.client(registry);

        String digest = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-rsa:1");
        cosign.signAndPush(registry, "trust/verify-rsa", digest, key);
        assertThat(client.verifySignatures("trust/verify-rsa", Digest.parse(digest), List.of(trusted(key))).status())
                .isEqualTo(SignatureStatus.VERIFIED);

        String pssDigest = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-pss:1");
        byte[] payload = CosignFixtures.payload(registry.hostPort() + "/trust/verify-pss", pssDigest);
        cosign.pushSignature(registry, "trust/verify-pss", pssDigest, payload, cosign.signPss(key, payload));
        assertThat(client.verifySignatures("trust/verify-pss", Digest.parse(pssDigest), List.of(trusted(key))).status())
                .isEqualTo(SignatureStatus.VERIFIED);
    }

    @Test
    void unsignedUntrustedTamperedAndMisdirectedSignatures(RegistryLab lab) {
        LabRegistry registry = lab.anonymous();
        CosignFixtures cosign = fixtures(lab);
        CosignFixtures.KeyPair key = cosign.ecKey("ec-policy");
        CosignFixtures.KeyPair stranger = cosign.ecKey("ec-stranger");
        RegistryClient client = LabClients.client(registry);
        List<TrustedKey> keys = List.of(trusted(key));

        String unsigned = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-unsigned:1");
        SignatureVerdict none = client.verifySignatures("trust/verify-unsigned", Digest.parse(unsigned), keys);
        assertThat(none.status()).isEqualTo(SignatureStatus.UNSIGNED);
        assertThat(none.kind()).isEmpty();

        String untrusted = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-untrusted:1");
        cosign.signAndPush(registry, "trust/verify-untrusted", untrusted, stranger);
        SignatureVerdict byStranger = client.verifySignatures("trust/verify-untrusted", Digest.parse(untrusted), keys);
        assertThat(byStranger.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(byStranger.kind()).contains(SignatureKind.COSIGN);
        assertThat(byStranger.detail()).contains("does not verify with the trusted key " + cosign.fingerprint(key));

        String tampered = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-tampered:1");
        byte[] signedPayload = CosignFixtures.payload(registry.hostPort() + "/trust/verify-tampered", tampered);
        String signature = cosign.sign(key, signedPayload);
        byte[] changed = new String(signedPayload, StandardCharsets.UTF_8).replace("verify-tampered", "verify-tampered-x")
                .getBytes(StandardCharsets.UTF_8);
        cosign.pushSignature(registry, "trust/verify-tampered", tampered, changed, signature);
        SignatureVerdict afterChange = client.verifySignatures("trust/verify-tampered", Digest.parse(tampered), keys);
        assertThat(afterChange.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(afterChange.detail()).contains("payload changed after signing");

        String misdirected = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-other-digest:1");
        String otherDigest = CosignFixtures.copy(lab, registry, RegistryLab.SCHEMA2, "trust/verify-other-digest:2");
        byte[] forOther = CosignFixtures.payload(registry.hostPort() + "/trust/verify-other-digest", otherDigest);
        cosign.pushSignature(registry, "trust/verify-other-digest", misdirected, forOther, cosign.sign(key, forOther));
        SignatureVerdict copied = client.verifySignatures("trust/verify-other-digest", Digest.parse(misdirected), keys);
        assertThat(copied.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(copied.detail()).contains("is for " + otherDigest + ", not for " + misdirected);
    }

    @Test
    void withoutKeysOrWithOnlyNotationNothingIsClaimedVerified(RegistryLab lab) {
        LabRegistry registry = lab.anonymous();
        CosignFixtures cosign = fixtures(lab);
        RegistryClient client = LabClients.client(registry);

        String signed = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-nokeys:1");
        cosign.signAndPush(registry, "trust/verify-nokeys", signed, cosign.ecKey("ec-nokeys"));
        SignatureVerdict noKeys = client.verifySignatures("trust/verify-nokeys", Digest.parse(signed), List.of());
        assertThat(noKeys.status()).isEqualTo(SignatureStatus.NOT_CHECKED);
        assertThat(noKeys.kind()).contains(SignatureKind.COSIGN);

        String notary = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, "trust/verify-notation:1");
        String raw = lab.skopeo().inspectRaw(registry, "trust/verify-notation:1");
        Map<String, Object> notation = cosign.pushArtifact(registry, "trust/verify-notation", notary,
                LabClients.JSON.readTree(raw).get("mediaType").asString(), raw.getBytes(StandardCharsets.UTF_8).length,
                "application/vnd.cncf.notary.signature", "jws".getBytes(StandardCharsets.UTF_8), Map.of());
        cosign.pushReferrersIndex(registry, "trust/verify-notation", notary, List.of(notation));
        SignatureVerdict onlyNotation = client.verifySignatures("trust/verify-notation", Digest.parse(notary),
                List.of(trusted(cosign.ecKey("ec-notation"))));
        assertThat(onlyNotation.status()).isEqualTo(SignatureStatus.NOT_CHECKED);
        assertThat(onlyNotation.kind()).contains(SignatureKind.NOTATION);
        assertThat(onlyNotation.detail()).contains("NOT verified");
    }

    @Test
    void publicKeysAreReadFromPemWithOpensslsFingerprint(RegistryLab lab) {
        CosignFixtures cosign = fixtures(lab);
        CosignFixtures.KeyPair ec = cosign.ecKey("pem-ec");
        CosignFixtures.KeyPair rsa = cosign.rsaKey("pem-rsa");
        assertThat(trusted(ec).fingerprint()).isEqualTo(cosign.fingerprint(ec));
        assertThat(trusted(ec).algorithm()).isEqualTo("ECDSA P-256");
        assertThat(trusted(rsa).fingerprint()).isEqualTo(cosign.fingerprint(rsa));
        assertThat(trusted(rsa).algorithm()).isEqualTo("RSA 2048");

        assertThatThrownBy(() -> TrustedKey.parsePem("hello")).hasMessageContaining("BEGIN PUBLIC KEY");
        assertThatThrownBy(() -> TrustedKey.parsePem("-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> TrustedKey.parsePem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither ECDSA nor RSA");
        assertThatThrownBy(() -> TrustedKey.parsePem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("private key");
    }
}
