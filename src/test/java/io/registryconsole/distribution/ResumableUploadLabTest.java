package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;
import io.registryconsole.lab.UploadCuttingProxy;

/**
 * A chunked upload into a real docker-registry whose connection breaks in the middle of a PATCH body goes on from
 * the bytes the registry holds (GET of the upload → {@code Range}), reading the source again from there with a
 * ranged GET, instead of sending the blob again from its first byte. The registry sits behind a front proxy that
 * buffers request bodies (as nginx does by default) and drops the connection once, mid-chunk.
 */
@ExtendWith(RegistryLab.Extension.class)
class ResumableUploadLabTest {

    private static final int CHUNK = 1024 * 1024;
    private static final long LAYER = 6L * CHUNK + 12_345;

    @Test
    void aBrokenPatchResumesAtTheOffsetTheRegistryHolds(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        SeededImage image = lab.pushLargeImage(source, "resume/big:1", LAYER, 1);
        long layer = image.single().layers().get(0).size();
        LabRegistry target = lab.emptyRegistry("resume");
        ResumeOffsets resumes = new ResumeOffsets();
        try (UploadCuttingProxy proxy = UploadCuttingProxy.start(target.baseUrl());
             ImageCopier copier = copierThrough(source, proxy)) {
            proxy.cutPatch(3, 300_000); // the third chunk of the layer (the config is small: one PUT, no PATCH)

            ImageCopier.CopyResult result = copier.copy("resume/big", "1", "resumed/big", "1", Optional.empty(), resumes);

            List<String> requests = proxy.requests();
            assertThat(result.digest()).isEqualTo(Digest.parse(image.digest()));
            assertThat(requests).as("the cut happened").anyMatch(r -> r.startsWith("CUT after 300000"));
            assertThat(resumes.offsets()).as("resumed once, at the two chunks the registry acknowledged").containsExactly(2L * CHUNK);
            List<String> patches = requests.stream().filter(r -> r.startsWith("PATCH")).toList();
            assertThat(patches.get(3)).as("the PATCH after the cut continues at the held offset, not at 0")
                .endsWith("Content-Range: " + 2L * CHUNK + "-" + (3L * CHUNK - 1));
            assertThat(patches).filteredOn(p -> p.contains("Content-Range: 0-")).hasSize(1);
            assertThat(requests).as("asked the registry what it holds").anyMatch(r -> r.startsWith("GET ") && r.contains("/blobs/uploads/"));
            assertThat(requests).filteredOn(r -> r.startsWith("POST")).as("one upload session per blob: no restart").hasSize(2);
            long config = image.single().config().size();
            assertThat(proxy.uploadBodyBytes()).as("only the cut part of one chunk went twice")
                .isEqualTo(layer + config + 300_000).isLessThan(2 * layer);

            // checked with skopeo, straight at the registry: the tag's digest, and every blob pulled and verified
            assertThat(LabClients.skopeoRawDigest(lab, target, "resumed/big:1")).isEqualTo(Digest.parse(image.digest()));
            var pulled = lab.skopeo().run(List.of("copy", "--quiet", "--src-tls-verify=false", "docker://" + target.hostPort() + "/resumed/big:1",
                "oci:" + lab.runDir().resolve("resumed-" + System.nanoTime()) + ":1"));
            assertThat(pulled.ok()).as(pulled.toString()).isTrue();
        } finally {
            lab.discard(target);
        }
    }

    /**
     * docker-registry reached directly keeps the bytes of the cut PATCH, and then refuses the upload's URL (its signed
     * state names the offset before that PATCH): the console cannot resume and sends the blob again from a new session.
     */
    @Test
    void aRegistryThatSawTheCutRefusesTheResumeAndTheBlobStartsAgain(RegistryLab lab) {
        LabRegistry source = lab.anonymous();
        SeededImage image = lab.pushLargeImage(source, "resume/big:1", LAYER, 1);
        LabRegistry target = lab.emptyRegistry("resume-refused");
        ResumeOffsets resumes = new ResumeOffsets();
        try (UploadCuttingProxy proxy = UploadCuttingProxy.start(target.baseUrl());
             ImageCopier copier = copierThrough(source, proxy)) {
            proxy.cutPatchAtTheRegistry(3, 300_000);

            ImageCopier.CopyResult result = copier.copy("resume/big", "1", "restarted/big", "1", Optional.empty(), resumes);

            List<String> requests = proxy.requests();
            assertThat(result.digest()).isEqualTo(Digest.parse(image.digest()));
            assertThat(requests).anyMatch(r -> r.startsWith("CUT after 300000"));
            assertThat(resumes.offsets()).isEmpty();
            assertThat(requests).as("asked, and was refused").anyMatch(r -> r.startsWith("GET ") && r.contains("/blobs/uploads/"));
            assertThat(requests).filteredOn(r -> r.startsWith("POST")).as("config, layer, layer again").hasSize(3);
            assertThat(LabClients.skopeoRawDigest(lab, target, "restarted/big:1")).isEqualTo(Digest.parse(image.digest()));
        } finally {
            lab.discard(target);
        }
    }

    /** One blob at a time, in chunks of {@link #CHUNK}, from the lab registry to the registry behind the proxy. */
    private static ImageCopier copierThrough(LabRegistry source, UploadCuttingProxy proxy) {
        return new ImageCopier(LabClients.client(source), RegistryClient.create(RegistryEndpoint.of(proxy.baseUrl().toString(), true, null,
            Credentials.anonymous()), LabClients.options(), OutboundPolicy.defaults()), new ImageCopier.Options(1, CHUNK));
    }
}
