package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;

/**
 * Full pulls from real registries (CNCF distribution 2.8 from Debian's docker-registry) in each auth/TLS variant:
 * the client must arrive at the digests skopeo reports and verify every blob.
 */
@ExtendWith(RegistryLab.Extension.class)
class LabPullTest {

    private static final List<String> SINGLE = List.of(RegistryLab.ALPINE, RegistryLab.SCHEMA2);
    private static final List<String> MULTI = List.of(RegistryLab.MULTI_ARCH, RegistryLab.DOCKER_LIST);

    @ParameterizedTest
    @EnumSource(names = {"ANONYMOUS", "TLS_BASIC", "TOKEN"})
    void pullsSingleArchImagesWithSkopeosDigests(RegistryLab.Variant variant, RegistryLab lab) {
        LabRegistry registry = lab.registry(variant);
        RegistryClient client = LabClients.client(registry);
        for (String reference : SINGLE) {
            SeededImage seeded = registry.image(reference);
            LabImage.Manifest expected = seeded.single();
            PullResult pull = client.pull(LabClients.ref(registry, reference), Platform.LINUX_AMD64, null, null);
            ResolvedManifest m = pull.manifest();

            LabClients.SkopeoView skopeo = LabClients.skopeoInspect(lab, registry, reference, Platform.LINUX_AMD64);
            assertThat(m.digest()).as(reference).isEqualTo(skopeo.digest()).isEqualTo(Digest.parse(expected.digest()));
            assertThat(m.digest()).isEqualTo(LabClients.skopeoRawDigest(lab, registry, reference));
            assertThat(m.layers()).extracting(d -> d.digest().toString()).containsExactlyElementsOf(skopeo.layers());
            assertThat(m.mediaType()).isEqualTo(expected.mediaType());
            assertThat(m.indexDigest()).isEmpty();
            assertThat(pull.bytes()).isEqualTo(expected.config().size() + expected.layers().stream().mapToLong(LabImage.Layer::size).sum());
            assertThat(pull.configPlatform()).contains(Platform.LINUX_AMD64);
            assertThat(pull.timings()).filteredOn(t -> t.phase() == Phase.LAYER).hasSize(expected.layers().size());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ANONYMOUS", "TLS_BASIC", "TOKEN"})
    void pullsEveryPlatformOfAnIndex(RegistryLab.Variant variant, RegistryLab lab) {
        LabRegistry registry = lab.registry(variant);
        RegistryClient client = LabClients.client(registry);
        for (String reference : MULTI) {
            SeededImage seeded = registry.image(reference);
            Digest indexDigest = LabClients.skopeoRawDigest(lab, registry, reference);
            assertThat(indexDigest).isEqualTo(Digest.parse(seeded.digest()));
            for (LabImage.Manifest expected : seeded.manifests()) {
                Platform platform = Platform.parse(expected.platform().toString());
                PullResult pull = client.pull(LabClients.ref(registry, reference), platform, null, null);
                ResolvedManifest m = pull.manifest();

                assertThat(m.digest()).as("%s %s", reference, platform)
                        .isEqualTo(LabClients.skopeoIndexEntry(lab, registry, reference, platform))
                        .isEqualTo(Digest.parse(expected.digest()));
                assertThat(m.indexDigest()).contains(indexDigest);
                assertThat(m.platform()).contains(platform);
                assertThat(m.platforms()).containsExactlyInAnyOrder(Platform.parse("linux/amd64"), Platform.parse("linux/arm64"));
                LabClients.SkopeoView skopeo = LabClients.skopeoInspect(lab, registry, reference, platform);
                assertThat(m.layers()).extracting(d -> d.digest().toString()).containsExactlyElementsOf(skopeo.layers());
                assertThat(pull.configPlatform()).contains(platform);
                assertThat(pull.layers()).isEqualTo(expected.layers().size());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"ANONYMOUS", "TOKEN"})
    void headAndTagsAgreeWithTheRegistry(RegistryLab.Variant variant, RegistryLab lab) {
        LabRegistry registry = lab.registry(variant);
        RegistryClient client = LabClients.client(registry);
        ManifestHead head = client.head(LabClients.ref(registry, RegistryLab.MULTI_ARCH));
        assertThat(head.digest()).contains(Digest.parse(registry.image(RegistryLab.MULTI_ARCH).digest()));
        assertThat(head.isIndex()).isTrue();
        assertThat(client.listTags(RegistryLab.TAGS_APP, 100)).containsExactlyInAnyOrderElementsOf(RegistryLab.TAGS_APP_TAGS);
        assertThat(client.checkRepository(RegistryLab.TAGS_APP).sampleTag()).isPresent();
    }
}
