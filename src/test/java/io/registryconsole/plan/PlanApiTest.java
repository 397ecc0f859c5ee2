package io.registryconsole.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.registry.RegistryProvider;

/** {@code POST /api/v1/environments/{id}/plan} against lab registries (live), and its flags (without network). */
@ConsoleLabTest
class PlanApiTest {

    @Autowired
    MockMvcTester mvc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    MvcTestResult plan(long environment, String body) {
        return mvc.post().uri("/api/v1/environments/{id}/plan", environment).contentType(MediaType.APPLICATION_JSON).content(body)
            .with(csrf()).exchange();
    }

    DocumentContext planOk(long environment, String image, boolean live) {
        MvcTestResult result = plan(environment, "{\"image\": \"" + image + "\", \"live\": " + live + "}");
        assertThat(result).hasStatusOk();
        return JsonPath.parse(body(result));
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> codes(DocumentContext plan) {
        return plan.read("$.flags[*].code");
    }

    @Test
    void eachRuntimeInItsOrderTriedLive(@Use(Variant.ANONYMOUS) LabRegistry upstream, @Use(Variant.TLS_BASIC) LabRegistry mirror) {
        long primary = console.register(upstream);
        long dead = console.register("dead-mirror", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        long live = console.register(mirror);
        String host = upstream.hostPort();
        long env = console.environment("staging", null, "linux/amd64", List.of(BindingRequest.primary(primary),
            BindingRequest.mirror(live, host, 5), BindingRequest.mirror(dead, host, 1)));

        DocumentContext plan = planOk(env, host + "/" + RegistryLab.ALPINE, true);

        assertThat(plan.<String>read("$.image")).isEqualTo(host + "/" + RegistryLab.ALPINE);
        assertThat(plan.<List<String>>read("$.runtimes[*].runtime")).containsExactly("DOCKER", "CONTAINERD", "CRIO");
        String docker = "$.runtimes[?(@.runtime == 'DOCKER')]";
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].url")).containsExactly(upstream.baseUrl().toString());
        assertThat(plan.<List<String>>read(docker + ".notes[*]")).anyMatch(n -> n.contains("Docker Hub images only"));
        assertThat(plan.<List<String>>read(docker + ".servedBy")).containsExactly(upstream.baseUrl().toString());

        for (String runtime : List.of("CONTAINERD", "CRIO")) {
            String path = "$.runtimes[?(@.runtime == '" + runtime + "')]";
            assertThat(plan.<List<Integer>>read(path + ".endpoints[*].registryId")).as(runtime)
                .containsExactly((int) dead, (int) live, (int) primary);
            assertThat(plan.<List<String>>read(path + ".endpoints[*].role")).containsExactly("MIRROR", "MIRROR", "UPSTREAM");
            assertThat(plan.<List<String>>read(path + ".endpoints[*].trial.outcome")).containsExactly("CONNECTION_REFUSED", "OK", "OK");
            assertThat(plan.<List<String>>read(path + ".servedBy")).containsExactly(mirror.baseUrl().toString());
        }
        assertThat(plan.<String>read("$.runtimes[0].endpoints[0].trial.digest"))
            .isEqualTo(upstream.image(RegistryLab.ALPINE).digest());
        assertThat(plan.<List<String>>read("$.flags[?(@.code == 'FAILOVER')].runtime")).containsExactlyInAnyOrder("CONTAINERD", "CRIO");
        assertThat(plan.<String>read("$.runtimes[1].endpoints[0].trial.remediation")).contains("Nothing listens");
    }

    @Test
    void anImageWithNothingForTheEnvironmentsPlatformIsFlagged(@Use(Variant.ANONYMOUS) LabRegistry upstream) {
        long primary = console.register(upstream);
        String host = upstream.hostPort();
        long arm = console.environment("edge-arm", null, "linux/arm64", List.of(BindingRequest.primary(primary)));

        // a single-platform amd64 image: only its config says so, and every runtime would pull it from the one registry
        DocumentContext single = planOk(arm, host + "/" + RegistryLab.ALPINE, true);
        assertThat(single.<List<String>>read("$.flags[?(@.code == 'PLATFORM_MISMATCH')].message")).singleElement().asString()
            .contains("DOCKER, CONTAINERD, CRIO", "linux/arm64", "single-platform image for linux/amd64", "no match for platform in manifest",
                "exec format error");
        assertThat(single.<List<Integer>>read("$.flags[?(@.code == 'PLATFORM_MISMATCH')].registryId")).containsExactly((int) primary);
        assertThat(single.<List<String>>read("$.flags[?(@.code == 'PLATFORM_MISMATCH')].severity")).containsExactly("ERROR");
        assertThat(codes(planOk(arm, host + "/" + RegistryLab.ALPINE, false))).as("not tried live: not asked").doesNotContain("PLATFORM_MISMATCH");

        // an index with an arm64 image fits; one without the environment's platform does not
        assertThat(codes(planOk(arm, host + "/" + RegistryLab.MULTI_ARCH, true))).doesNotContain("PLATFORM_MISMATCH");
        long mainframe = console.environment("mainframe", null, "linux/s390x", List.of(BindingRequest.primary(primary)));
        assertThat(planOk(mainframe, host + "/" + RegistryLab.MULTI_ARCH, true).<List<String>>read(
            "$.flags[?(@.code == 'PLATFORM_MISMATCH')].message")).singleElement().asString().contains("has no image for linux/s390x");
        long amd = console.environment("x86", null, "linux/amd64", List.of(BindingRequest.primary(primary)));
        assertThat(codes(planOk(amd, host + "/" + RegistryLab.ALPINE, true))).doesNotContain("PLATFORM_MISMATCH");
    }

    @Test
    void aRegistryThatCountsPullsIsOnlyAskedForTheHead() {
        String digest = "sha256:" + "cd".repeat(32);
        try (FakeRegistryServer hub = FakeRegistryServer.countingPulls(digest)) {
            long counted = console.register("counted", hub.url(), true, null, null);
            long arm = console.environment("edge-arm", null, "linux/arm64", List.of(BindingRequest.primary(counted)));
            DocumentContext plan = planOk(arm, hub.hostPort() + "/library/nginx:1.25", true);
            assertThat(plan.<String>read("$.runtimes[0].endpoints[0].trial.digest")).isEqualTo(digest);
            assertThat(codes(plan)).doesNotContain("PLATFORM_MISMATCH");
            assertThat(hub.requests()).as("HEADs only: Docker Hub counts a manifest GET as a pull").contains("HEAD /v2/library/nginx/manifests/1.25")
                .noneMatch(r -> r.startsWith("GET /v2/library"));
        }
    }

    @Test
    void anImageNoEndpointServesIsFlagged(@Use(Variant.ANONYMOUS) LabRegistry upstream) {
        long primary = console.register(upstream);
        long env = console.environment("staging", null, null, List.of(BindingRequest.primary(primary)));

        DocumentContext plan = planOk(env, upstream.hostPort() + "/library/no-such-image:1", true);

        assertThat(plan.<List<String>>read("$.flags[?(@.code == 'NOTHING_SERVES')].runtime"))
            .containsExactlyInAnyOrder("DOCKER", "CONTAINERD", "CRIO");
        assertThat(plan.<String>read("$.runtimes[0].endpoints[0].trial.outcome")).isEqualTo("REPOSITORY_NOT_FOUND");
    }

    @Test
    void configurationsThatCannotWorkAreFlagged() {
        long harbor = console.register("harbor", "https://harbor.lab.invalid", RegistryProvider.HARBOR, false, null, null);
        long plain = console.register("plain", "http://registry.lab.invalid:5000", null, true, null, null);
        long quayMirror = console.register("quay-cache", "https://quay-cache.lab.invalid", null, false, null, LabConsole.basic("u", "p"));
        long env = console.environment("prod", "production cluster", "linux/amd64", List.of(BindingRequest.primary(plain),
            BindingRequest.mirror(harbor, "docker.io", 0), BindingRequest.mirror(quayMirror, "quay.io", 0)));

        DocumentContext plan = planOk(env, "docker.io/library/nginx:1.25", false);

        assertThat(codes(plan)).contains("HARBOR_PROJECT_AS_DOCKER_MIRROR", "INSECURE_IN_PRODUCTION", "MIRROR_OF_UNUSED_UPSTREAM")
            .doesNotContain("NOTHING_SERVES");
        assertThat(plan.<List<Integer>>read("$.flags[?(@.code == 'HARBOR_PROJECT_AS_DOCKER_MIRROR')].registryId"))
            .containsExactly((int) harbor);
        assertThat(plan.<List<Integer>>read("$.flags[?(@.code == 'INSECURE_IN_PRODUCTION')].registryId")).containsExactly((int) plain);
        assertThat(plan.<List<String>>read("$.flags[?(@.code == 'MIRROR_OF_UNUSED_UPSTREAM')].message"))
            .allMatch(m -> m.contains("quay.io"));
        // not live: nothing tried, nothing contacted
        assertThat(plan.<Boolean>read("$.live")).isFalse();
        assertThat(plan.<List<Object>>read("$.runtimes[*].endpoints[*].trial")).allMatch(t -> t == null);
        assertThat(plan.<List<String>>read("$.runtimes[0].endpoints[*].url"))
            .containsExactly("https://harbor.lab.invalid", "https://registry-1.docker.io");
    }

    @Test
    void shortNames() {
        long a = console.register("a", "https://a.lab.invalid", null, false, null, null);
        long b = console.register("b", "https://b.lab.invalid", null, false, null, null);
        long two = console.environment("two-primaries", null, null, List.of(BindingRequest.primary(a), BindingRequest.primary(b)));
        DocumentContext ambiguous = planOk(two, "nginx:1.25", false);
        assertThat(ambiguous.<Boolean>read("$.shortName")).isTrue();
        assertThat(ambiguous.<String>read("$.image")).isEqualTo("docker.io/library/nginx:1.25");
        assertThat(codes(ambiguous)).contains("SHORT_NAME_AMBIGUOUS");
        assertThat(ambiguous.<List<String>>read("$.runtimes[?(@.runtime == 'CRIO')].endpoints[*].url"))
            .containsExactly("https://a.lab.invalid", "https://b.lab.invalid");
        assertThat(ambiguous.<List<String>>read("$.runtimes[?(@.runtime == 'CRIO')].endpoints[*].repository"))
            .containsExactly("nginx", "nginx");
        assertThat(ambiguous.<List<String>>read("$.runtimes[?(@.runtime == 'CONTAINERD')].endpoints[*].repository"))
            .containsExactly("library/nginx");

        long none = console.environment("mirrors-only", null, null, List.of(BindingRequest.mirror(a, "docker.io", 0)));
        assertThat(codes(planOk(none, "nginx:1.25", false))).contains("SHORT_NAME_UNRESOLVABLE");
    }

    @Test
    void badRequests() {
        long env = console.environment("e", null, null, List.of());
        assertThat(plan(env, "{\"image\": \"Not A Reference\"}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(plan(env, "{}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(plan(999_999, "{\"image\": \"nginx\"}")).hasStatus(HttpStatus.NOT_FOUND);
    }
}
