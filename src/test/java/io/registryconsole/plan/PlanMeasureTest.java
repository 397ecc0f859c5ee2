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

/**
 * {@code "measure": true}: a 1 KiB/s mirror (a throttling front of a real registry, so the same digests) tried before a
 * fast real mirror is flagged SLOW_MIRROR_FIRST, and the ranking puts the fast one first. Asserts the flag and the order,
 * not timings.
 */
@ConsoleLabTest
@Tag("db")
class PlanMeasureTest {

    @Autowired
    MockMvcTester mvc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    @Test
    void aSlowMirrorFirstIsFlaggedAndRankedLast(RegistryLab lab, @Use(Variant.ANONYMOUS) LabRegistry upstream,
                                                @Use(Variant.TLS_BASIC) LabRegistry fast, @TempDir Path dir) throws Exception {
        String repository = "speed/app-" + System.nanoTime();
        ImageWriter writer = ImageWriter.create(dir);
        LabImage image = writer.tag(writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "amd64", null), List.of(
            writer.layer(ImageWriter.Format.OCI, false, List.of(ImageWriter.LayerFile.random("data.bin", 11, 1536)))), Map.of()), "1.0");
        lab.seed(upstream, repository + ":1.0", image);
        lab.seed(fast, repository + ":1.0", image);
        try (ThrottledFront slow = new ThrottledFront(upstream.baseUrl(), 1024)) {
            long slowId = console.register("slow-mirror", slow.url(), true, null, null);
            long fastId = console.register(fast);
            long primary = console.register(upstream);
            long env = console.environment("speed", null, "linux/amd64", List.of(BindingRequest.primary(primary),
                BindingRequest.mirror(slowId, upstream.hostPort(), 1), BindingRequest.mirror(fastId, upstream.hostPort(), 2)));

            MvcTestResult result = mvc.post().uri("/api/v1/environments/{id}/plan", env).contentType(MediaType.APPLICATION_JSON)
                .content("{\"image\": \"" + upstream.hostPort() + "/" + repository + ":1.0\", \"measure\": true}").with(csrf()).exchange();
            assertThat(result).hasStatusOk();
            DocumentContext plan = JsonPath.parse(PlanApiTest.body(result));

            String containerd = "$.runtimes[?(@.runtime == 'CONTAINERD')]";
            assertThat(plan.<List<Integer>>read(containerd + ".endpoints[*].registryId")).as(plan.jsonString())
                .containsExactly((int) slowId, (int) fastId, (int) primary);
            assertThat(plan.<List<Object>>read(containerd + ".endpoints[*].trial.throughputBytesPerSecond")).hasSize(3)
                .doesNotContainNull();
            assertThat(plan.<List<String>>read("$.flags[?(@.code == 'SLOW_MIRROR_FIRST')].runtime"))
                .containsExactlyInAnyOrder("CONTAINERD", "CRIO");
            assertThat(plan.<List<Integer>>read("$.flags[?(@.code == 'SLOW_MIRROR_FIRST')].registryId")).containsOnly((int) slowId);
            List<Integer> ranked = plan.read("$.ranking[*].registryId");
            assertThat(ranked).hasSize(3).containsOnlyOnce((int) slowId);
            assertThat(ranked.get(2)).isEqualTo((int) slowId);

            // the plan page shows the flag and the ranking, the slow mirror last
            MvcTestResult page = mvc.get().uri("/environments/{id}/plan", env)
                .param("image", upstream.hostPort() + "/" + repository + ":1.0").param("measure", "true").exchange();
            assertThat(page).hasStatusOk();
            String html = PlanApiTest.body(page);
            assertThat(html).contains("id=\"ranking\"", "SLOW_MIRROR_FIRST", "KiB/s");
            assertThat(html).containsPattern("id=\"ranking\"[\\s\\S]*<td>3</td>[\\s\\S]*" + java.util.regex.Pattern.quote(slow.url()));
        }
    }
}
