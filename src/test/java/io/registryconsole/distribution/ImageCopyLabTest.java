package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryProxy;
import io.registryconsole.lab.SeededImage;

/**
 * Copies between the lab's real registries (plain HTTP, TLS + Basic, token auth) and checks every result with skopeo,
 * not with the console's own client: the target's manifest bytes hash to the source's digest.
 */
@ExtendWith(RegistryLab.Extension.class)
class ImageCopyLabTest {

    private static String fresh(String what) {
        return "copy-" + what + "-" + Long.toHexString(System.nanoTime());
    }

    private static ImageCopier copier(LabRegistry source, LabRegistry target) {
        return new ImageCopier(LabClients.client(source), LabClients.client(target), ImageCopier.Options.defaults());
    }

    @Test
    void copiesImagesAndIndexesByteForByteFromPlainToToken(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        LabRegistry target = lab.token();
        String prefix = fresh("p2t");
        try (ImageCopier copier = copier(source, target)) {
            for (String ref : List.of(RegistryLab.ALPINE, RegistryLab.MULTI_ARCH, RegistryLab.SCHEMA2, RegistryLab.DOCKER_LIST)) {
                String repo = ref.substring(0, ref.indexOf(':'));
                String tag = ref.substring(ref.indexOf(':') + 1);
                ImageCopier.CopyResult result = copier.copy(repo, tag, prefix + "/" + repo, tag, Optional.empty(), null);
                Digest expected = Digest.parse(source.image(ref).digest());
                assertThat(result.digest()).as(ref).isEqualTo(expected);
                assertThat(LabClients.skopeoRawDigest(lab, target, prefix + "/" + ref)).as(ref + " on the target").isEqualTo(expected);
                assertThat(copier.targetDigest(prefix + "/" + repo, tag)).contains(expected);
            }
        }
    }

    @Test
    void copiesBetweenTlsBasicAndTokenBothWaysAndMountsWithinTheTarget(RegistryLab lab) {
        LabRegistry basic = lab.tlsBasic();
        LabRegistry token = lab.token();
        String prefix = fresh("b2t");
        Digest expected = Digest.parse(token.image(RegistryLab.MULTI_ARCH).digest());
        try (ImageCopier copier = copier(token, basic)) {
            ImageCopier.CopyResult first = copier.copy("multi/app", "1.0", prefix + "/one", "1.0", Optional.empty(), null);
            assertThat(first.blobsCopied()).isPositive();
            assertThat(LabClients.skopeoRawDigest(lab, basic, prefix + "/one:1.0")).isEqualTo(expected);
            // the second repository gets every blob by a cross-repository mount from the first: nothing is sent
            ImageCopier.CopyResult second = copier.copy("multi/app", "1.0", prefix + "/two", "1.0", Optional.empty(), null);
            assertThat(second.bytesCopied()).isZero();
            assertThat(second.blobsMounted()).isEqualTo(first.blobsCopied());
            assertThat(LabClients.skopeoRawDigest(lab, basic, prefix + "/two:1.0")).isEqualTo(expected);
        }
        try (ImageCopier back = copier(basic, token)) {
            back.copy(prefix + "/one", "1.0", prefix + "/back", "1.0", Optional.empty(), null);
            assertThat(LabClients.skopeoRawDigest(lab, token, prefix + "/back:1.0")).isEqualTo(expected);
        }
    }

    @Test
    void withinOneRegistryEveryBlobIsMounted(RegistryLab lab) {
        LabRegistry registry = lab.tlsBasic();
        String repo = fresh("same") + "/alpine";
        try (ImageCopier copier = copier(registry, registry)) {
            ImageCopier.CopyResult result = copier.copy("library/alpine-test", "3.19", repo, "3.19", Optional.empty(), null);
            assertThat(result.bytesCopied()).isZero();
            assertThat(result.blobsMounted()).isPositive();
            assertThat(LabClients.skopeoRawDigest(lab, registry, repo + ":3.19"))
                .isEqualTo(Digest.parse(registry.image(RegistryLab.ALPINE).digest()));
        }
    }

    @Test
    void aPlatformNarrowsAnIndexToThatPlatformsManifest(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        LabRegistry target = lab.tlsBasic();
        String repo = fresh("arm") + "/app";
        Platform arm = Platform.parse("linux/arm64");
        Digest armDigest = Digest.parse(source.image(RegistryLab.MULTI_ARCH).manifest("linux/arm64/v8").digest());
        try (ImageCopier copier = copier(source, target)) {
            ImageCopier.CopyResult result = copier.copy("multi/app", "1.0", repo, "1.0", Optional.of(arm), null);
            assertThat(result.digest()).isEqualTo(armDigest);
            assertThat(LabClients.skopeoRawDigest(lab, target, repo + ":1.0")).isEqualTo(armDigest);
        }
    }

    @Test
    void largeBlobsGoUpInChunksAndProgressIsReported(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        LabRegistry target = lab.token();
        String repo = fresh("chunks") + "/app";
        AtomicLong progress = new AtomicLong();
        try (ImageCopier copier = new ImageCopier(LabClients.client(source), LabClients.client(target), new ImageCopier.Options(2, 1024))) {
            copier.copy("tags/app", "1.0", repo, "1.0", Optional.empty(), new ImageCopier.CopyListener() {
                @Override
                public void blobDone(Digest digest, long size, ImageCopier.BlobOutcome outcome) {
                    progress.addAndGet(size);
                }
            });
        }
        assertThat(progress.get()).isPositive();
        assertThat(LabClients.skopeoRawDigest(lab, target, repo + ":1.0"))
            .isEqualTo(Digest.parse(source.image(RegistryLab.TAGS_APP + ":1.0").digest()));
    }

    @Test
    void aRefusedManifestIsTargetRejectedWithTheRegistrysCode(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        try (RegistryProxy proxy = RegistryProxy.start(source.baseUrl());
             ImageCopier copier = new ImageCopier(LabClients.client(source),
                 RegistryClient.create(RegistryEndpoint.of(proxy.baseUrl().toString(), true, null, Credentials.anonymous()),
                     LabClients.options(), OutboundPolicy.defaults()), ImageCopier.Options.defaults())) {
            proxy.refuseManifests("immutable/", "TAG_INVALID");
            assertThatThrownBy(() -> copier.copy("library/alpine-test", "3.19", "immutable/" + fresh("x"), "3.19", Optional.empty(), null))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.category()).isEqualTo(Category.TARGET_REJECTED);
                    assertThat(e.registryErrorCode()).contains("TAG_INVALID");
                });
        }
    }

    @Test
    void aSourceThatDiesMidLayerFailsTheCopyAndTheTargetNeverGetsTheBlob(RegistryLab lab) {
        LabRegistry registry = lab.anonymous();
        SeededImage image = registry.image(RegistryLab.SCHEMA2);
        String layer = image.single().layers().get(0).digest();
        LabRegistry target = lab.tlsBasic();
        String repo = fresh("cut") + "/app";
        try (RegistryProxy proxy = RegistryProxy.start(registry.baseUrl());
             ImageCopier copier = new ImageCopier(
                 RegistryClient.create(RegistryEndpoint.of(proxy.baseUrl().toString(), true, null, Credentials.anonymous()),
                     LabClients.options(), OutboundPolicy.defaults()), LabClients.client(target), ImageCopier.Options.defaults())) {
            proxy.cutBlob(layer, image.single().layers().get(0).size() / 2);
            assertThatThrownBy(() -> copier.copy("docker/schema2", "latest", repo, "latest", Optional.empty(), null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.category()).isEqualTo(Category.SIZE_MISMATCH));
            assertThat(copier.targetDigest(repo, "latest")).isEmpty();
        }
    }

    @Test
    void aWrongTargetPasswordIsAnAuthFailure(RegistryLab lab) {
        LabRegistry target = lab.tlsBasic();
        try (ImageCopier copier = new ImageCopier(LabClients.client(lab.anonymous()),
            LabClients.client(target, Credentials.basic("tester", "wrong")), ImageCopier.Options.defaults())) {
            assertThatThrownBy(() -> copier.copy("library/alpine-test", "3.19", fresh("pw") + "/a", "3.19", Optional.empty(), null))
                .isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.category()).isEqualTo(Category.AUTH_INVALID_CREDENTIALS));
        }
    }

    @Test
    void cosignTagsOfADigestAreFoundInATagList() {
        Digest d = Digest.parse("sha256:" + "ab".repeat(32));
        String base = "sha256-" + "ab".repeat(32);
        assertThat(ImageCopier.referrerTags(d, List.of("1.0", base + ".sig", base + ".att", "other.sig", base)))
            .containsExactly(base, base + ".sig", base + ".att");
    }
}
