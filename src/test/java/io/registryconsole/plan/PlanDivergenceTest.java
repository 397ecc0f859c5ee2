package io.registryconsole.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.ImageWriter;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.RegistryService;

/**
 * A lab mirror and its upstream (both real docker-registry) that serve different digests for one tag: the live plan
 * flags MIRROR_DIVERGES (naming the mirror, both digests and when each image was built) and RUNTIMES_DISAGREE (dockerd
 * ignores mirrors of registries other than Docker Hub, so Docker runs the upstream's image and containerd/CRI-O the
 * mirror's).
 */
@ConsoleLabTest
@Tag("db")
class PlanDivergenceTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RegistryService registryService;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    static LabImage image(Path dir, String content, String created) {
        ImageWriter writer = ImageWriter.create(dir);
        return writer.tag(writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "amd64", null), List.of(
            writer.layer(ImageWriter.Format.OCI, true, List.of(ImageWriter.LayerFile.text("app/VERSION", content + "\n")))),
            Map.of(), created), "1.0");
    }

    DocumentContext plan(long environment, String image) {
        MvcTestResult result = mvc.post().uri("/api/v1/environments/{id}/plan", environment).contentType(MediaType.APPLICATION_JSON)
            .content("{\"image\": \"" + image + "\"}").with(csrf()).exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(PlanApiTest.body(result));
    }

    @Test
    void aMirrorServingAnotherDigestIsFlagged(RegistryLab lab, @Use(Variant.ANONYMOUS) LabRegistry upstream,
                                              @Use(Variant.TLS_BASIC) LabRegistry mirror, @TempDir Path dir) {
        String repository = "diverge/app-" + System.nanoTime();
        String upstreamDigest = lab.seed(upstream, repository + ":1.0", image(dir.resolve("new"), "2.0", "2026-03-01T10:00:00Z")).digest();
        String mirrorDigest = lab.seed(mirror, repository + ":1.0", image(dir.resolve("old"), "1.0", "2025-01-01T10:00:00Z")).digest();
        assertThat(mirrorDigest).isNotEqualTo(upstreamDigest);
        long primary = console.register(upstream);
        long cache = console.register(mirror);
        long env = console.environment("diverging", null, "linux/amd64", List.of(BindingRequest.primary(primary),
            BindingRequest.mirror(cache, upstream.hostPort(), 1)));

        DocumentContext plan = plan(env, upstream.hostPort() + "/" + repository + ":1.0");

        List<String> diverges = plan.read("$.flags[?(@.code == 'MIRROR_DIVERGES')].message");
        assertThat(diverges).as(plan.jsonString()).hasSize(1);
        assertThat(diverges.get(0)).contains("mirror '" + registryService.get(cache).name() + "'")
            .contains(mirrorDigest + " (image built 2025-01-01T10:00:00Z)")
            .contains(upstreamDigest + " (image built 2026-03-01T10:00:00Z)");
        assertThat(plan.<List<Integer>>read("$.flags[?(@.code == 'MIRROR_DIVERGES')].registryId")).containsExactly((int) cache);

        List<String> disagree = plan.read("$.flags[?(@.code == 'RUNTIMES_DISAGREE')].message");
        assertThat(disagree).hasSize(1);
        assertThat(disagree.get(0)).contains("DOCKER would run " + upstreamDigest).contains("CONTAINERD and CRIO would run " + mirrorDigest);
    }

    @Test
    void aMirrorThatAgreesRaisesNoFlag(@Use(Variant.ANONYMOUS) LabRegistry upstream, @Use(Variant.TLS_BASIC) LabRegistry mirror) {
        long env = console.environment("agreeing", null, "linux/amd64", List.of(BindingRequest.primary(console.register(upstream)),
            BindingRequest.mirror(console.register(mirror), upstream.hostPort(), 1)));

        DocumentContext plan = plan(env, upstream.hostPort() + "/" + RegistryLab.ALPINE);

        assertThat(plan.<List<String>>read("$.runtimes[*].servedBy")).hasSize(3).doesNotContainNull();
        assertThat(plan.<List<String>>read("$.flags[*].code")).doesNotContain("MIRROR_DIVERGES", "RUNTIMES_DISAGREE");
    }
}
