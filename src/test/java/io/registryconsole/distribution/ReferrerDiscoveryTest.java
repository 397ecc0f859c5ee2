package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.registryconsole.lab.CosignFixtures;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;

/**
 * Referrer discovery against Debian's docker-registry (distribution 2.8: no referrers API, so the tag schema and
 * cosign's tags are what it serves), with signatures made by openssl and pushed by curl; the referrers API itself
 * against a small fake, since no lab registry offers it.
 */
@ExtendWith(RegistryLab.Extension.class)
class ReferrerDiscoveryTest {

    private static final String NOTATION = "application/vnd.cncf.notary.signature";
    private static final String SPDX = "application/spdx+json";

    @ParameterizedTest
    @EnumSource(names = {"ANONYMOUS", "TLS_BASIC"})
    void findsCosignTagsAndTheReferrersTagSchemaOnDistribution28(RegistryLab.Variant variant, RegistryLab lab) {
        LabRegistry registry = lab.registry(variant);
        CosignFixtures cosign = new CosignFixtures(lab.runDir().resolve("referrers-" + variant.label()));
        String repo = "trust/referrers-" + variant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String digest = CosignFixtures.copy(lab, registry, RegistryLab.ALPINE, repo + ":1");
        String subjectType = LabClients.JSON.readTree(lab.skopeo().inspectRaw(registry, repo + ":1")).get("mediaType").asString();
        long subjectSize = lab.skopeo().inspectRaw(registry, repo + ":1").getBytes(StandardCharsets.UTF_8).length;

        String sig = cosign.signAndPush(registry, repo, digest, cosign.ecKey("referrers-" + variant.label()));
        String att = cosign.pushTagged(registry, repo, CosignFixtures.cosignTag(digest, "att"), "application/vnd.dsse.envelope.v1+json",
                "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[]}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> sbom = cosign.pushArtifact(registry, repo, digest, subjectType, subjectSize, SPDX,
                "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8), Map.of("org.opencontainers.image.created", "2026-01-01T00:00:00Z"));
        Map<String, Object> notation = cosign.pushArtifact(registry, repo, digest, subjectType, subjectSize, NOTATION,
                "not a real jws".getBytes(StandardCharsets.UTF_8), Map.of("io.cncf.notary.x509chain.thumbprint#S256", "[\"abc\"]"));
        cosign.pushReferrersIndex(registry, repo, digest, List.of(sbom, notation));

        RegistryClient client = LabClients.client(registry);
        List<Referrer> referrers = client.referrers(repo, Digest.parse(digest));

        assertThat(referrers).extracting(r -> r.digest().toString(), Referrer::kind, Referrer::foundAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(sbom.get("digest"), ReferrerKind.SBOM, ReferrerSource.REFERRERS_TAG),
                org.assertj.core.groups.Tuple.tuple(notation.get("digest"), ReferrerKind.NOTATION_SIGNATURE, ReferrerSource.REFERRERS_TAG),
                org.assertj.core.groups.Tuple.tuple(sig, ReferrerKind.COSIGN_SIGNATURE, ReferrerSource.COSIGN_TAG),
                org.assertj.core.groups.Tuple.tuple(att, ReferrerKind.ATTESTATION, ReferrerSource.COSIGN_TAG));
        Referrer sbomReferrer = referrers.get(0);
        assertThat(sbomReferrer.artifactType()).isEqualTo(SPDX);
        assertThat(sbomReferrer.annotations()).containsEntry("org.opencontainers.image.created", "2026-01-01T00:00:00Z");
        assertThat(sbomReferrer.tag()).contains(digest.replace(':', '-'));
        assertThat(sbomReferrer.size()).isEqualTo(((Number) sbom.get("size")).longValue());
        Referrer signature = referrers.get(2);
        assertThat(signature.tag()).contains(CosignFixtures.cosignTag(digest, "sig"));
        assertThat(signature.mediaType()).isEqualTo(CosignFixtures.OCI_MANIFEST);

        assertThat(client.referrers(repo, Digest.parse(digest), NOTATION)).extracting(Referrer::kind)
                .containsExactly(ReferrerKind.NOTATION_SIGNATURE);

        ArtifactManifest artifact = client.artifact(repo, Digest.parse(sig));
        assertThat(artifact.layers()).singleElement().satisfies(layer -> {
            assertThat(layer.mediaType()).isEqualTo(CosignFixtures.SIMPLE_SIGNING);
            assertThat(layer.annotations()).containsKey(CosignFixtures.SIGNATURE_ANNOTATION);
        });
        byte[] payload = client.smallBlob(repo, artifact.layers().get(0).descriptor(), 64 * 1024);
        assertThat(new String(payload, StandardCharsets.UTF_8)).contains("\"docker-manifest-digest\":\"" + digest + "\"");

        ArtifactManifest notationManifest = client.artifact(repo, Digest.parse((String) notation.get("digest")));
        assertThat(notationManifest.artifactType()).isEqualTo(NOTATION);
        assertThat(notationManifest.subject()).contains(Digest.parse(digest));
    }

    @Test
    void anUnsignedImageHasNoReferrers(RegistryLab lab) {
        LabRegistry registry = lab.anonymous();
        String digest = CosignFixtures.copy(lab, registry, RegistryLab.SCHEMA2, "trust/referrers-none:1");
        assertThat(LabClients.client(registry).referrers("trust/referrers-none", Digest.parse(digest))).isEmpty();
    }

    @Test
    void usesTheReferrersApiWhereOfferedAndFiltersWhenTheRegistryDidNot() throws IOException {
        try (FakeRegistry fake = FakeRegistry.start()) {
            FakeRegistry.Image image = fake.image("app", "1", "linux", "amd64", FakeRegistry.random(100, 1));
            Digest subject = image.manifestDigest();
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(new byte[] {1})
                    + "\",\"size\":10,\"artifactType\":\"" + NOTATION + "\"},"
                    + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(new byte[] {2})
                    + "\",\"size\":20,\"artifactType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
                    + "\"annotations\":{\"dev.sigstore.bundle.predicateType\":\"https://sigstore.dev/cosign/sign/v1\"}},"
                    + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.sha256(new byte[] {3})
                    + "\",\"size\":30,\"artifactType\":\"application/vnd.in-toto+json\"}]}";
            fake.interceptor = (ex, path) -> {
                if (!path.equals("/v2/app/referrers/" + subject)) {
                    return false;
                }
                // ignores ?artifactType= and says so by not sending OCI-Filters-Applied
                FakeRegistry.send(ex, 200, "application/vnd.oci.image.index.v1+json", index.getBytes(StandardCharsets.UTF_8));
                return true;
            };
            RegistryClient client = RegistryClient.create(fake.endpoint(Credentials.anonymous()));

            List<Referrer> all = client.referrers("app", subject);
            assertThat(all).extracting(Referrer::kind).containsExactly(ReferrerKind.NOTATION_SIGNATURE, ReferrerKind.COSIGN_SIGNATURE,
                    ReferrerKind.ATTESTATION);
            assertThat(all).extracting(Referrer::foundAt).containsOnly(ReferrerSource.REFERRERS_API);
            assertThat(all).extracting(Referrer::tag).containsOnly(Optional.empty());
            assertThat(fake.seen("/manifests/" + subject.algorithm() + "-" + subject.hex())).as("the tag schema is not asked once the API answered")
                    .noneMatch(s -> !s.path().contains("."));
            assertThat(fake.seen("/manifests/" + subject.algorithm() + "-" + subject.hex() + ".sig")).as("cosign's tags are still looked at")
                    .isNotEmpty();

            List<Referrer> filtered = client.referrers("app", subject, NOTATION);
            assertThat(filtered).extracting(Referrer::size).containsExactly(10L);
            assertThat(fake.seen("/referrers/")).last().extracting(FakeRegistry.Seen::path).asString()
                    .endsWith("?artifactType=application%2Fvnd.cncf.notary.signature");
        }
    }

    @Test
    void classifiesByCosignTagArtifactTypeAndLayers() {
        assertThat(ReferrerFinder.classify("", Map.of(), "sig", List.of())).isEqualTo(ReferrerKind.COSIGN_SIGNATURE);
        assertThat(ReferrerFinder.classify("", Map.of(), "att", List.of())).isEqualTo(ReferrerKind.ATTESTATION);
        assertThat(ReferrerFinder.classify("", Map.of(), "sbom", List.of())).isEqualTo(ReferrerKind.SBOM);
        assertThat(ReferrerFinder.classify(NOTATION, Map.of(), null, List.of())).isEqualTo(ReferrerKind.NOTATION_SIGNATURE);
        assertThat(ReferrerFinder.classify("application/vnd.oci.image.config.v1+json", Map.of(), null,
                List.of("application/vnd.dev.cosign.simplesigning.v1+json"))).isEqualTo(ReferrerKind.COSIGN_SIGNATURE);
        assertThat(ReferrerFinder.classify("application/vnd.dev.sigstore.bundle.v0.3+json",
                Map.of("dev.sigstore.bundle.predicateType", "https://slsa.dev/provenance/v1"), null, List.of())).isEqualTo(ReferrerKind.ATTESTATION);
        assertThat(ReferrerFinder.classify("application/vnd.cyclonedx+json", Map.of(), null, List.of())).isEqualTo(ReferrerKind.SBOM);
        assertThat(ReferrerFinder.classify("application/vnd.example.thing", Map.of(), null, List.of())).isEqualTo(ReferrerKind.OTHER);
    }

}
