package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.Loopback;
import io.registryconsole.lab.ImageWriter;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;

/**
 * The pull plan and a real Docker engine agree (issue #9): two lab docker-registry processes on loopback are the Docker
 * Hub mirrors of an environment made through the API (the first by priority holds the image, the second is empty);
 * the plan for {@code docker.io/library/...} names them in that order for DOCKER, then docker.io; the environment's
 * {@code docker-daemon} export, as downloaded, is the {@code --config-file} of an isolated dockerd
 * ({@link DockerEngine}), which then pulls through the first mirror (digest, image id and the mirrors' logs checked).
 * An image neither mirror has: the plan says both miss it and docker.io is next; dockerd, as predicted, asks the
 * mirrors in that order and then docker.io, which fails at the dead proxy both are given (127.0.0.1:9), so nothing
 * leaves loopback. A mirror that is down: the plan says so and that the next one serves the image; an engine with that
 * environment's export skips it likewise. The first engine is shared by the tests and stopped in {@link #stopEngine()}.
 */
@ConsoleLabTest
class DockerDaemonExportTest {

    /** A port nothing listens on: Docker Hub "through" it fails at once, on loopback. */
    private static final String DEAD_PROXY = "http://127.0.0.1:9";
    private static final String NO_PROXY = "127.0.0.1,localhost";
    private static final String IMAGE = "library/alpine-test:3.19";
    private static final String MISSING = "library/not-mirrored:1.0";

    /** logfmt: the request path, quoted only when it holds a character such as ':' */
    private static final Pattern REQUEST_PATH = Pattern.compile("http\\.request\\.uri=\"?([^\" ]+)");

    private static final Pattern TIME = Pattern.compile("^time=\"([^\"]+)\"");

    private static Fixture fixture;

    @Autowired
    MockMvcTester mvc;

    /**
     * The two mirrors ({@code mirror} holds the image, {@code second}, priority 2, is empty), the environment made
     * through the API and the engine started with its export.
     */
    private record Fixture(LabRegistry mirror, long mirrorId, LabRegistry second, SeededImage seeded, long environmentId, Path dir,
                           DockerEngine engine) {
    }

    @Test
    void dockerdPullsDockerHubImagesThroughTheMirrorThePlanNamesFirst() throws Exception {
        Fixture f = fixture();
        String mirrorUrl = f.mirror().baseUrl().toString();

        // the plan: for DOCKER the mirrors by priority, docker.io after them; the first serves the image (same digest)
        DocumentContext plan = plan(f, "docker.io/" + IMAGE);
        String docker = "$.runtimes[?(@.runtime == 'DOCKER')]";
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].url"))
            .containsExactly(mirrorUrl, f.second().baseUrl().toString(), "https://registry-1.docker.io");
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].role")).containsExactly("MIRROR", "MIRROR", "UPSTREAM");
        assertThat(plan.<List<String>>read(docker + ".endpoints[0].trial.outcome")).containsExactly("OK");
        assertThat(plan.<List<String>>read(docker + ".endpoints[0].trial.digest")).containsExactly(f.seeded().digest());
        assertThat(plan.<List<String>>read(docker + ".servedBy")).containsExactly(mirrorUrl);

        // the engine read the export: the same mirror, in the same place
        assertThat(f.engine().docker(List.of("info", "--format", "{{json .RegistryConfig.Mirrors}}")).stdoutOrThrow())
            .contains("[\"" + mirrorUrl + "/\",\"" + f.second().baseUrl() + "/\"]");

        long hubMentions = dockerHubMentions(f.engine());
        Programs.Result pull = f.engine().docker(List.of("pull", "docker.io/" + IMAGE), Duration.ofMinutes(10));
        assertThat(pull.ok()).as("docker pull through the mirror: %s\ndockerd log:\n%s", pull.describe(), f.engine().logTail(30)).isTrue();

        // what dockerd holds is the mirror's image: manifest digest (skopeo reads it from the mirror) and config (= image id)
        String raw = RegistryLab.get().skopeo().inspectRaw(f.mirror(), IMAGE);
        String mirrorDigest = ImageWriter.sha256(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(mirrorDigest).isEqualTo(f.seeded().digest());
        String inspected = f.engine().docker(List.of("image", "inspect", "--format", "{{json .RepoDigests}} {{.Id}}",
            "docker.io/" + IMAGE)).stdoutOrThrow().strip();
        LabImage.Manifest manifest = f.seeded().single();
        assertThat(inspected).isEqualTo("[\"alpine-test@" + mirrorDigest + "\"] " + manifest.config().digest());

        // and it came through the mirror: the engine's requests for the manifest and every layer are in its log
        List<String> requested = dockerRequests(f.mirror());
        assertThat(requested).contains("/v2/library/alpine-test/manifests/3.19");
        for (LabImage.Layer layer : manifest.layers()) {
            assertThat(requested).contains("/v2/library/alpine-test/blobs/" + layer.digest());
        }
        assertThat(dockerRequests(f.second())).as("the second mirror was not needed").noneMatch(path -> path.contains("alpine-test"));
        assertThat(dockerHubMentions(f.engine())).as("dockerd never turned to Docker Hub for it").isEqualTo(hubMentions);
    }

    @Test
    void anImageTheMirrorLacksFallsBackToDockerHubAsThePlanSays() throws Exception {
        Fixture f = fixture();

        // the plan: both mirrors miss it, docker.io is last, tried through the environment's (dead) proxy
        DocumentContext plan = plan(f, "docker.io/" + MISSING);
        String docker = "$.runtimes[?(@.runtime == 'DOCKER')]";
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].url"))
            .containsExactly(f.mirror().baseUrl().toString(), f.second().baseUrl().toString(), "https://registry-1.docker.io");
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].trial.outcome")).hasSize(3)
            .satisfies(outcomes -> assertThat(outcomes.subList(0, 2)).allMatch(o -> o.equals("REPOSITORY_NOT_FOUND") || o.equals("MANIFEST_NOT_FOUND")))
            .last().isEqualTo("PROXY_UNREACHABLE");
        assertThat(plan.<List<Object>>read(docker + ".servedBy")).containsExactly((Object) null);

        // the engine does the same: the mirrors in that order (their logs have its requests), then docker.io via the proxy
        Programs.Result pull = f.engine().docker(List.of("pull", "docker.io/" + MISSING), Duration.ofMinutes(10));
        assertThat(pull.ok()).as("docker pull of an image nobody serves").isFalse();
        System.out.println("[docker-daemon-export] docker pull docker.io/" + MISSING + ": " + pull.stderr().strip());
        assertThat(pull.stderr()).as(pull.describe()).contains("registry-1.docker.io").contains("127.0.0.1:9");
        String manifestPath = "/v2/library/not-mirrored/manifests/1.0";
        assertThat(dockerRequests(f.mirror())).contains(manifestPath);
        assertThat(dockerRequests(f.second())).contains(manifestPath);
        assertThat(firstRequestTime(f.mirror(), manifestPath)).as("the priority-1 mirror was asked first")
            .isBefore(firstRequestTime(f.second(), manifestPath));
        assertThat(f.engine().logTail(200)).contains("Attempting next endpoint for pull after error");
    }

    @Test
    void aMirrorThatIsDownIsSkippedAsThePlanSays() throws Exception {
        Fixture f = fixture();
        // another environment: a mirror where nothing listens first, the mirror holding the image after it
        long dead = created("/api/v1/registries", "{\"name\": \"dead-mirror-" + System.nanoTime() + "\", \"url\": \"http://127.0.0.1:"
            + Loopback.closedPort() + "\", \"insecure\": true}");
        long environmentId = created("/api/v1/environments", "{\"name\": \"docker-daemon-down-" + System.nanoTime() + "\","
            + " \"platform\": \"linux/amd64\", \"registries\": ["
            + "{\"registryId\": " + dead + ", \"role\": \"MIRROR\", \"mirrorOf\": \"docker.io\", \"priority\": 1},"
            + "{\"registryId\": " + f.mirrorId() + ", \"role\": \"MIRROR\", \"mirrorOf\": \"docker.io\", \"priority\": 2}],"
            + " \"proxy\": {\"httpProxy\": \"" + DEAD_PROXY + "\", \"httpsProxy\": \"" + DEAD_PROXY + "\", \"noProxy\": \"" + NO_PROXY + "\"}}");

        DocumentContext plan = plan(environmentId, "docker.io/" + IMAGE);
        String docker = "$.runtimes[?(@.runtime == 'DOCKER')]";
        assertThat(plan.<List<String>>read(docker + ".endpoints[*].trial.outcome")).containsExactly("CONNECTION_REFUSED", "OK", "PROXY_UNREACHABLE");
        assertThat(plan.<List<String>>read(docker + ".servedBy")).containsExactly(f.mirror().baseUrl().toString());
        assertThat(plan.<List<String>>read("$.flags[?(@.code == 'FAILOVER')].runtime")).contains("DOCKER");

        Path dir = Files.createTempDirectory("rc-docker-daemon-down");
        try (DockerEngine engine = engine(dir, daemonJson(environmentId))) {
            Programs.Result pull = engine.docker(List.of("pull", "docker.io/" + IMAGE), Duration.ofMinutes(10));
            assertThat(pull.ok()).as("docker pull past the dead mirror: %s\ndockerd log:\n%s", pull.describe(), engine.logTail(30)).isTrue();
            assertThat(engine.docker(List.of("image", "inspect", "--format", "{{.Id}}", "docker.io/" + IMAGE)).stdoutOrThrow().strip())
                .isEqualTo(f.seeded().single().config().digest());
            String log = engine.logTail(100_000);
            assertThat(log).as("dockerd tried the dead mirror first").contains("Attempting next endpoint for pull after error")
                .contains(plan.<List<String>>read(docker + ".endpoints[0].url").get(0).replace("http://", ""));
            assertThat(log).doesNotContain("registry-1.docker.io");
        } finally {
            Programs.run(List.of("rm", "-rf", dir.toString()), Map.of(), Duration.ofMinutes(1));
        }
    }

    /** The paths the mirror logged for requests made by dockerd (its user agent starts with docker/). */
    private static List<String> dockerRequests(LabRegistry mirror) throws Exception {
        return Files.readAllLines(mirror.logFile()).stream()
            .filter(line -> line.contains("http.request.useragent=\"docker/"))
            .map(REQUEST_PATH::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    }

    /** When dockerd first asked the mirror for {@code path} (the registry's log time, nanoseconds; one clock for both logs). */
    private static Instant firstRequestTime(LabRegistry mirror, String path) throws Exception {
        return Files.readAllLines(mirror.logFile()).stream()
            .filter(line -> line.contains("http.request.useragent=\"docker/"))
            .filter(line -> REQUEST_PATH.matcher(line).results().anyMatch(m -> m.group(1).equals(path)))
            .map(TIME::matcher).filter(Matcher::find).map(m -> Instant.parse(m.group(1))).findFirst().orElseThrow();
    }

    private static long dockerHubMentions(DockerEngine engine) {
        return engine.logTail(100_000).lines().filter(line -> line.contains("registry-1.docker.io")).count();
    }

    private DocumentContext plan(Fixture f, String image) {
        return plan(f.environmentId(), image);
    }

    private DocumentContext plan(long environmentId, String image) {
        MvcTestResult result = mvc.post().uri("/api/v1/environments/{id}/plan", environmentId).with(user("ops").roles("OPERATOR"))
            .with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{\"image\": \"" + image + "\"}").exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(body(result));
    }

    /**
     * Made on first use (a test method: the console's API needs its Spring context): the mirror holding the image,
     * registry and environment through the API, the export downloaded, the engine started with it.
     */
    private Fixture fixture() throws Exception {
        if (fixture != null) {
            return fixture;
        }
        RegistryLab lab = RegistryLab.get();
        LabRegistry mirror = lab.emptyRegistry("docker-hub-mirror");
        LabRegistry second = lab.emptyRegistry("docker-hub-mirror-2");
        SeededImage seeded = lab.seed(mirror, IMAGE, lab.images().get(RegistryLab.ALPINE));
        long registryId = created("/api/v1/registries", "{\"name\": \"hub-mirror-" + System.nanoTime() + "\", \"url\": \""
            + mirror.baseUrl() + "\", \"insecure\": true}");
        long secondId = created("/api/v1/registries", "{\"name\": \"hub-mirror-2-" + System.nanoTime() + "\", \"url\": \""
            + second.baseUrl() + "\", \"insecure\": true}");
        // bound in reverse, so the order comes from the priorities; the environment's nodes use the same dead proxy as
        // the engine below, so the plan tries docker.io as the engine does
        long environmentId = created("/api/v1/environments", "{\"name\": \"docker-daemon-e2e-" + System.nanoTime() + "\","
            + " \"platform\": \"linux/amd64\", \"registries\": ["
            + "{\"registryId\": " + secondId + ", \"role\": \"MIRROR\", \"mirrorOf\": \"docker.io\", \"priority\": 2},"
            + "{\"registryId\": " + registryId + ", \"role\": \"MIRROR\", \"mirrorOf\": \"docker.io\", \"priority\": 1}],"
            + " \"proxy\": {\"httpProxy\": \"" + DEAD_PROXY + "\", \"httpsProxy\": \"" + DEAD_PROXY + "\", \"noProxy\": \"" + NO_PROXY + "\"}}");

        String daemonJson = daemonJson(environmentId);
        DocumentContext daemon = JsonPath.parse(daemonJson);
        assertThat(daemon.<List<String>>read("$.registry-mirrors")).containsExactly(mirror.baseUrl().toString(), second.baseUrl().toString());
        assertThat(daemon.<List<String>>read("$.insecure-registries")).containsExactlyInAnyOrder(mirror.hostPort(), second.hostPort());
        Path dir = Files.createTempDirectory("rc-docker-daemon-export");
        DockerEngine engine;
        try {
            engine = engine(dir, daemonJson);
        } catch (Exception e) {
            lab.discard(mirror); // the test fails with the reason the engine gave (DockerEngine.start's message)
            lab.discard(second);
            Programs.run(List.of("rm", "-rf", dir.toString()), Map.of(), Duration.ofMinutes(1));
            throw e;
        }
        fixture = new Fixture(mirror, registryId, second, seeded, environmentId, dir, engine);
        return fixture;
    }

    /** The environment's docker-daemon export as the API gives it: only daemon.json (plain-HTTP mirrors need no CA), no warning. */
    private String daemonJson(long environmentId) {
        MvcTestResult export = mvc.get().uri("/api/v1/environments/{id}/exports/docker-daemon", environmentId)
            .with(user("ops").roles("OPERATOR")).exchange();
        assertThat(export).hasStatusOk();
        DocumentContext files = JsonPath.parse(body(export));
        assertThat(files.<List<String>>read("$.files[*].path")).as("a plain-HTTP mirror needs no CA file").containsExactly("daemon.json");
        assertThat(files.<List<String>>read("$.warnings")).isEmpty();
        String daemonJson = files.<List<String>>read("$.files[?(@.path == 'daemon.json')].content").get(0);
        System.out.println("[docker-daemon-export] daemon.json as exported:\n" + daemonJson);
        return daemonJson;
    }

    /** An isolated dockerd with exactly {@code daemonJson}; any way to Docker Hub ends at the dead proxy, on loopback. */
    private static DockerEngine engine(Path dir, String daemonJson) throws Exception {
        Path config = dir.resolve("daemon.json");
        Files.writeString(config, daemonJson);
        return DockerEngine.start(config, Map.of("HTTP_PROXY", DEAD_PROXY, "HTTPS_PROXY", DEAD_PROXY,
            "NO_PROXY", NO_PROXY, "http_proxy", DEAD_PROXY, "https_proxy", DEAD_PROXY, "no_proxy", NO_PROXY));
    }

    private long created(String path, String json) {
        MvcTestResult result = mvc.post().uri(path).with(user("admin").roles("ADMIN")).with(csrf())
            .contentType(MediaType.APPLICATION_JSON).content(json).exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return ((Number) JsonPath.read(body(result), "$.id")).longValue();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (fixture == null) {
            return;
        }
        try {
            fixture.engine().close();
        } finally {
            RegistryLab.get().discard(fixture.mirror());
            RegistryLab.get().discard(fixture.second());
            Programs.run(List.of("rm", "-rf", fixture.dir().toString()), Map.of(), Duration.ofMinutes(1));
            fixture = null;
        }
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
