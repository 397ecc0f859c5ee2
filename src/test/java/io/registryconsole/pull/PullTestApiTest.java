package io.registryconsole.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.ImageWriter;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.SeededImage;
import io.registryconsole.registry.RegistryService;

/**
 * Test pulls through the REST API against the registry lab: results as the API describes them, every failure
 * category a pull can meet with its remediation, cancelling, the queue limit, progress events, failover through an
 * environment, and metrics.
 */
@ConsoleLabTest
class PullTestApiTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registryService;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    // ------------------------------------------------------------------ helpers

    MvcTestResult post(String json, int waitSeconds) {
        return mvc.post().uri("/api/v1/pull-tests?wait=" + waitSeconds).contentType(MediaType.APPLICATION_JSON).content(json).with(csrf())
            .exchange();
    }

    /** Starts a test pull, waits for its end, and returns the stored result (read back through its Location). */
    DocumentContext pull(String json) {
        MvcTestResult started = post(json, 30);
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        String location = started.getResponse().getHeader("Location");
        assertThat(location).matches(".*/api/v1/pull-tests/\\d+$");
        DocumentContext view = JsonPath.parse(body(started));
        assertThat(view.<String>read("$.status")).as(view.jsonString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
        MvcTestResult read = mvc.get().uri(location.substring(location.indexOf("/api/"))).exchange();
        assertThat(read).hasStatusOk();
        DocumentContext stored = JsonPath.parse(body(read));
        assertThat(stored.<String>read("$.status")).isEqualTo(view.read("$.status"));
        return stored;
    }

    static String registryPull(long registryId, String image, String extra) {
        return "{\"image\": \"" + image + "\", \"registryId\": " + registryId + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertFailure(DocumentContext view, String category, String remediationPart) {
        assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo(category.equals("CANCELLED") ? "CANCELLED" : "FAILED");
        assertThat(view.<String>read("$.failure.category")).as(view.jsonString()).isEqualTo(category);
        assertThat(view.<String>read("$.failure.message")).isNotBlank();
        assertThat(view.<String>read("$.failure.remediation")).as(view.jsonString()).contains(remediationPart);
        assertThat(view.<Object>read("$.digest")).isNull();
    }

    long count() {
        return jdbc.queryForObject("select count(*) from pull_test", Long.class);
    }

    // ------------------------------------------------------------------ results

    @Test
    void manifestTestPullOfASingleImage(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        SeededImage alpine = lab.image(RegistryLab.ALPINE);

        DocumentContext view = pull(registryPull(id, RegistryLab.ALPINE, ""));

        assertThat(view.<String>read("$.status")).isEqualTo("SUCCEEDED");
        assertThat(view.<String>read("$.mode")).isEqualTo("MANIFEST");
        assertThat(view.<String>read("$.platform")).isEqualTo("linux/amd64");
        assertThat(view.<String>read("$.image")).isEqualTo(lab.hostPort() + "/" + RegistryLab.ALPINE);
        assertThat(view.<String>read("$.digest")).isEqualTo(alpine.digest());
        assertThat(view.<String>read("$.mediaType")).isEqualTo(LabImage.OCI_MANIFEST);
        assertThat(view.<String>read("$.servedBy")).isEqualTo(lab.baseUrl().toString());
        assertThat(view.<List<String>>read("$.attempts[*].outcome")).containsExactly("OK");
        assertThat(view.<List<String>>read("$.phases[*].name")).contains("PING", "MANIFEST").doesNotContain("LAYERS");
        assertThat(view.<Object>read("$.failure")).isNull();
        assertThat(view.<Integer>read("$.registryId")).isEqualTo((int) id);
    }

    @Test
    void manifestTestPullChoosesThePlatformOfAnIndex(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        LabImage.Manifest arm = lab.image(RegistryLab.MULTI_ARCH).manifest("linux/arm64/v8");

        DocumentContext view = pull(registryPull(id, RegistryLab.MULTI_ARCH, "\"platform\": \"linux/arm64\""));

        assertThat(view.<String>read("$.digest")).isEqualTo(arm.digest());
        assertThat(view.<List<String>>read("$.platforms")).containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        assertThat(view.<Integer>read("$.layers")).isEqualTo(arm.layers().size());
        long size = arm.config().size() + arm.layers().stream().mapToLong(LabImage.Layer::size).sum();
        assertThat(view.<Number>read("$.bytes").longValue()).isEqualTo(size);
    }

    @Test
    void fullTestPullWithTokenAuthVerifiesEverythingAndLeaksNoSecret(@Use(Variant.TOKEN) LabRegistry lab) {
        long id = console.register(lab);
        LabImage.Manifest amd = lab.image(RegistryLab.MULTI_ARCH).manifest("linux/amd64");

        DocumentContext view = pull(registryPull(id, RegistryLab.MULTI_ARCH, "\"mode\": \"FULL\""));

        assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(view.<String>read("$.digest")).isEqualTo(amd.digest());
        long size = amd.config().size() + amd.layers().stream().mapToLong(LabImage.Layer::size).sum();
        assertThat(view.<Number>read("$.bytes").longValue()).isEqualTo(size);
        assertThat(view.<Integer>read("$.layers")).isEqualTo(amd.layers().size());
        assertThat(view.<Number>read("$.throughput").longValue()).isPositive();
        assertThat(view.<List<String>>read("$.phases[*].name")).contains("AUTH", "MANIFEST", "CONFIG", "LAYERS");
        assertThat(view.jsonString()).doesNotContain(RegistryLab.TOKEN_ADMIN.password());
        String stored = jdbc.queryForList("select * from pull_test").toString();
        assertThat(stored).doesNotContain(RegistryLab.TOKEN_ADMIN.password());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void missingTagListsTheClosestExistingTags(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);

        DocumentContext tag = pull(registryPull(id, RegistryLab.TAGS_APP + ":1.3", ""));
        assertFailure(tag, "MANIFEST_NOT_FOUND", "Closest existing tags: 1.2, 1.1, 1.0");
        assertThat(tag.<List<String>>read("$.failure.suggestions")).containsExactly("1.2", "1.1", "1.0", "2.0", "latest");

        DocumentContext repository = pull(registryPull(id, "library/no-such-image:1", ""));
        assertFailure(repository, "REPOSITORY_NOT_FOUND", "does not exist");
        assertThat(repository.<List<String>>read("$.failure.suggestions")).isEmpty();
    }

    @Test
    void platformNotFound(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        DocumentContext index = pull(registryPull(id, RegistryLab.MULTI_ARCH, "\"platform\": \"linux/s390x\""));
        assertFailure(index, "PLATFORM_NOT_FOUND", "linux/s390x");
        assertThat(index.<String>read("$.failure.remediation")).doesNotContain("exec format error");
        assertThat(index.<String>read("$.failure.message")).contains("linux/amd64", "linux/arm64");

        // a single-platform image tells its platform only in its config, which containerd reads before any layer: so
        // does the console, in a MANIFEST test pull and in a FULL one (no layer downloaded)
        for (String mode : List.of("MANIFEST", "FULL")) {
            DocumentContext single = pull(registryPull(id, RegistryLab.ALPINE, "\"platform\": \"linux/arm64\", \"mode\": \"" + mode + "\""));
            assertFailure(single, "PLATFORM_NOT_FOUND", "linux/arm64");
            assertThat(single.<String>read("$.failure.message")).as(mode).contains("single-platform image for linux/amd64");
            assertThat(single.<String>read("$.failure.remediation")).as(mode).contains("no match for platform in manifest", "exec format error");
            assertThat(single.<List<String>>read("$.phases[*].name")).as(mode).doesNotContain("LAYERS");
        }
        DocumentContext matching = pull(registryPull(id, RegistryLab.ALPINE, "\"platform\": \"linux/amd64\""));
        assertThat(matching.<String>read("$.status")).isEqualTo("SUCCEEDED");
        assertThat(matching.<Integer>read("$.layers")).isPositive();
    }

    @Test
    void aManifestTestPullReadsASingleImagesConfigOnceThenKnowsItsPlatformByDigest(RegistryLab registryLab,
                                                                                   @Use(Variant.ANONYMOUS) LabRegistry lab,
                                                                                   @TempDir Path dir) {
        long id = console.register(lab);
        String repository = "platform/arm-only-" + System.nanoTime(); // a digest no earlier test pull has seen
        ImageWriter writer = ImageWriter.create(dir);
        SeededImage seeded = registryLab.seed(lab, repository + ":1", writer.tag(writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "arm64", null),
            List.of(writer.layer(ImageWriter.Format.OCI, true, List.of(ImageWriter.LayerFile.text("VERSION", repository + "\n")))), Map.of()),
            "1"));

        DocumentContext first = pull(registryPull(id, repository + ":1", "\"platform\": \"linux/amd64\""));
        assertFailure(first, "PLATFORM_NOT_FOUND", "linux/amd64");
        assertThat(first.<String>read("$.failure.message")).contains("single-platform image for linux/arm64");
        assertThat(first.<List<String>>read("$.phases[*].name")).as("the manifest and config read").contains("MANIFEST", "CONFIG");

        DocumentContext again = pull(registryPull(id, repository + ":1", "\"platform\": \"linux/amd64\""));
        assertFailure(again, "PLATFORM_NOT_FOUND", "linux/amd64");
        assertThat(again.<List<String>>read("$.phases[*].name")).as("a digest read before: the HEAD only").doesNotContain("CONFIG");

        DocumentContext arm = pull(registryPull(id, repository + ":1", "\"platform\": \"linux/arm64/v8\""));
        assertThat(arm.<String>read("$.status")).as(arm.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(arm.<Integer>read("$.layers")).isOne();
        assertThat(arm.<String>read("$.digest")).isEqualTo(seeded.digest());
    }

    @Test
    void aSingleImageOnARegistryThatCountsPullsIsNotPulledByAManifestTestPull() {
        String digest = "sha256:" + "ab".repeat(32);
        try (FakeRegistryServer hub = FakeRegistryServer.countingPulls(digest)) {
            long id = console.register("counted", hub.url(), true, null, null);
            DocumentContext view = pull(registryPull(id, "library/nginx:1.25", "\"platform\": \"linux/arm64\""));
            assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo("SUCCEEDED");
            assertThat(view.<String>read("$.digest")).isEqualTo(digest);
            assertThat(hub.requests()).as("a HEAD only: Docker Hub counts a manifest GET as a pull")
                .contains("HEAD /v2/library/nginx/manifests/1.25").noneMatch(r -> r.startsWith("GET /v2/library"));
        }
    }

    @Test
    void corruptedBlobs(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        assertFailure(pull(registryPull(id, RegistryLab.BROKEN_DIGEST, "\"mode\": \"FULL\"")), "DIGEST_MISMATCH", "does not match its digest");
        assertFailure(pull(registryPull(id, RegistryLab.BROKEN_SIZE, "\"mode\": \"FULL\"")), "SIZE_MISMATCH", "truncated");
    }

    @Test
    void overTheByteCapIsTooLarge(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        DocumentContext view = pull(registryPull(id, RegistryLab.ALPINE, "\"mode\": \"FULL\", \"maxBytes\": 100"));
        assertFailure(view, "TOO_LARGE", "cap of 100 bytes");
        assertThat(view.<Integer>read("$.maxBytes")).isEqualTo(100);
    }

    @Test
    void whatOnlyAFakeShows() {
        try (FakeRegistryServer limiter = FakeRegistryServer.answering(429, Map.of("ratelimit-limit", "100;w=21600",
            "ratelimit-remaining", "0;w=21600", "docker-ratelimit-source", "192.0.2.10"),
            "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"pull rate limit\"}]}")) {
            long id = console.register("limited", limiter.url(), true, null, null);
            DocumentContext view = pull(registryPull(id, "library/nginx:1.25", ""));
            assertFailure(view, "RATE_LIMITED", "limit 100, remaining 0 per 21600 s, counted for 192.0.2.10");
            String name = registryService.get(id).name();
            assertThat(prometheus()).contains("console_registry_ratelimit_remaining{registry=\"" + name + "\"} 0.0");
        }
        try (FakeRegistryServer broken = FakeRegistryServer.answering(503, Map.of(), "{}")) {
            long id = console.register("broken", broken.url(), true, null, null);
            assertFailure(pull(registryPull(id, "library/nginx:1.25", "")), "SERVER_ERROR", "proxy or load balancer");
        }
        try (FakeRegistryServer silent = FakeRegistryServer.stalling()) {
            long id = console.register("silent", silent.url(), true, null, null);
            assertFailure(pull(registryPull(id, "library/nginx:1.25", "")), "TRANSFER_TIMEOUT", "stopped sending");
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badRequestsChangeNothing() {
        long id = console.register("x", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        List<String> bad = List.of(
            registryPull(id, "Library/Alpine:3", ""),
            "{\"image\": \"alpine\"}",
            "{\"image\": \"alpine\", \"registryId\": " + id + ", \"environmentId\": 1}",
            registryPull(999_999, "alpine", ""),
            registryPull(id, "alpine", "\"platform\": \"amd64\""),
            registryPull(id, "alpine", "\"runtime\": \"DOCKER\""),
            registryPull(id, "alpine", "\"maxBytes\": 0"),
            registryPull(id, "alpine", "\"mode\": \"HALF\""),
            registryPull(id, "alpine", "\"colour\": \"red\""));
        for (String json : bad) {
            MvcTestResult result = post(json, 0);
            assertThat(result).as(json).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        DocumentContext invalid = JsonPath.parse(body(post(registryPull(id, "Library/Alpine:3", ""), 0)));
        assertThat(invalid.<List<String>>read("$.errors[*].field")).containsExactly("image");
        assertThat(invalid.<String>read("$.errors[0].message")).contains("INVALID_REFERENCE", "lowercase");
        assertThat(invalid.jsonString()).doesNotContain("Library/Alpine");
        assertThat(count()).isZero();
        assertThat(mvc.get().uri("/api/v1/pull-tests/{id}", 424242).exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    // ------------------------------------------------------------------ cancel, queue, events

    @Test
    void cancellingAndTheQueueLimit() {
        try (FakeRegistryServer stall = FakeRegistryServer.stalling()) {
            long id = console.register("stall", stall.url(), true, null, null);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // 2 run, 2 wait
                MvcTestResult r = post(registryPull(id, "library/nginx:" + i, ""), 0);
                assertThat(r).hasStatus(HttpStatus.ACCEPTED);
                ids.add(((Number) JsonPath.read(body(r), "$.id")).longValue());
            }
            MvcTestResult refused = post(registryPull(id, "library/nginx:5", ""), 0);
            assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(refused.getResponse().getHeader("Retry-After")).isEqualTo("10");
            assertThat(JsonPath.<String>read(body(refused), "$.type")).isEqualTo("urn:registry-console:problem:busy");
            assertThat(count()).isEqualTo(4);

            // the last one still waits: cancelled at once
            MvcTestResult queued = mvc.delete().uri("/api/v1/pull-tests/{id}", ids.get(3)).with(csrf()).exchange();
            assertThat(queued).hasStatus(HttpStatus.ACCEPTED);
            assertThat(JsonPath.<String>read(body(queued), "$.status")).isEqualTo("CANCELLED");

            // the first one runs (stalled in its manifest request): it stops
            assertThat(mvc.delete().uri("/api/v1/pull-tests/{id}", ids.get(0)).with(csrf()).exchange()).hasStatus(HttpStatus.ACCEPTED);
            DocumentContext running = waitForEnd(ids.get(0));
            assertFailure(running, "CANCELLED", "un it again");

            // a finished one cannot be cancelled
            assertThat(mvc.delete().uri("/api/v1/pull-tests/{id}", ids.get(0)).with(csrf()).exchange()).hasStatus(HttpStatus.CONFLICT);
            stall.release();
            for (long other : ids.subList(1, 3)) {
                assertThat(waitForEnd(other).<String>read("$.status")).isIn("FAILED", "CANCELLED");
            }
            assertThat(post(registryPull(id, "library/nginx:6", ""), 0)).hasStatus(HttpStatus.ACCEPTED);
        }
    }

    DocumentContext waitForEnd(long id) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            DocumentContext view = JsonPath.parse(body(mvc.get().uri("/api/v1/pull-tests/{id}", id).exchange()));
            if (List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(view.<String>read("$.status"))) {
                return view;
            }
            sleep(20);
        }
        throw new AssertionError("test pull " + id + " did not finish");
    }

    /** Until the server completes the event stream (the pull's end), with a deadline only for a hung stream. */
    static void awaitStreamEnd(MvcTestResult stream) {
        try {
            stream.getMvcResult().getAsyncResult(Duration.ofSeconds(60).toMillis());
        } catch (IllegalStateException e) {
            throw new AssertionError("the event stream did not end within 60 s: " + body(stream), e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void progressAsServerSentEvents(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        try (FakeRegistryServer stall = FakeRegistryServer.stalling()) {
            long id = console.register("stall", stall.url(), true, null, null);
            long test = ((Number) JsonPath.read(body(post(registryPull(id, "library/nginx:1", ""), 0)), "$.id")).longValue();
            // returns once the controller has returned the stream, so the subscription has begun while the pull
            // is still stalled in its manifest request; only then may the pull go on
            MvcTestResult stream = mvc.get().uri("/api/v1/pull-tests/{id}/events", test).accept(MediaType.TEXT_EVENT_STREAM)
                .asyncExchange();
            assertThat(stream.getRequest().isAsyncStarted()).as("the event stream is open").isTrue();
            assertThat(body(stream)).as("the state as the client subscribed").startsWith("event:state").doesNotContain("event:end");
            stall.release();
            awaitStreamEnd(stream);
            String events = body(stream);
            assertThat(events).startsWith("event:state");
            assertThat(events).contains("event:phase", "\"phase\":\"MANIFEST\"", "event:attempt", "event:end");
            assertThat(events.indexOf("event:end")).isGreaterThan(events.lastIndexOf("event:phase"));
        }
        // a late subscriber gets the state and the end at once
        long registry = console.register(lab);
        long done = JsonPath.parse(body(post(registryPull(registry, RegistryLab.ALPINE, ""), 30))).<Number>read("$.id").longValue();
        String late = body(mvc.get().uri("/api/v1/pull-tests/{id}/events", done).accept(MediaType.TEXT_EVENT_STREAM)
            .exchange(Duration.ofSeconds(10)));
        assertThat(late).contains("event:state", "event:end", "SUCCEEDED").doesNotContain("event:phase");
    }

    // ------------------------------------------------------------------ environments

    @Test
    void environmentTestPullFailsOverFromADeadMirrorAndRecordsBothAttempts(@Use(Variant.ANONYMOUS) LabRegistry upstream,
                                                                            @Use(Variant.TLS_BASIC) LabRegistry mirror) {
        long primary = console.register(upstream);
        long dead = console.register("dead-mirror", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        long live = console.register(mirror);
        String upstreamHost = upstream.hostPort();
        long env = console.environment("staging", null, "linux/amd64", List.of(BindingRequest.primary(primary),
            BindingRequest.mirror(dead, upstreamHost, 0), BindingRequest.mirror(live, upstreamHost, 1)));
        String image = upstreamHost + "/" + RegistryLab.ALPINE;

        DocumentContext view = pull("{\"image\": \"" + image + "\", \"environmentId\": " + env + "}");

        assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(view.<String>read("$.runtime")).isEqualTo("CONTAINERD");
        assertThat(view.<List<String>>read("$.attempts[*].outcome")).containsExactly("CONNECTION_REFUSED", "OK");
        assertThat(view.<List<String>>read("$.attempts[*].role")).containsExactly("MIRROR", "MIRROR");
        assertThat(view.<List<Integer>>read("$.attempts[*].registryId")).containsExactly((int) dead, (int) live);
        assertThat(view.<String>read("$.servedBy")).isEqualTo(mirror.baseUrl().toString());
        assertThat(view.<String>read("$.digest")).isEqualTo(upstream.image(RegistryLab.ALPINE).digest());
        assertThat(view.<Integer>read("$.environmentId")).isEqualTo((int) env);

        // dockerd uses registry-mirrors for Docker Hub only: it goes straight to the upstream
        DocumentContext docker = pull("{\"image\": \"" + image + "\", \"environmentId\": " + env + ", \"runtime\": \"DOCKER\"}");
        assertThat(docker.<List<String>>read("$.attempts[*].endpoint")).containsExactly(upstream.baseUrl().toString());

        // history filters
        DocumentContext byEnvironment = JsonPath.parse(body(mvc.get().uri("/api/v1/pull-tests?environmentId=" + env).exchange()));
        assertThat(byEnvironment.<Integer>read("$.page.totalElements")).isEqualTo(2);
        DocumentContext failed = JsonPath.parse(body(mvc.get().uri("/api/v1/pull-tests?status=FAILED").exchange()));
        assertThat(failed.<Integer>read("$.page.totalElements")).isZero();
        assertThat(mvc.get().uri("/api/v1/pull-tests?sort=image").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void metricsByRegistryEnvironmentPhaseAndOutcome(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        long id = console.register(lab);
        pull(registryPull(id, RegistryLab.ALPINE, ""));
        pull(registryPull(id, "library/no-such-image:1", ""));
        String name = registryService.get(id).name();
        String metrics = prometheus();
        assertThat(metrics).contains("console_pull_duration_seconds_bucket{environment=\"none\",outcome=\"ok\",phase=\"MANIFEST\",registry=\""
            + name + "\"");
        assertThat(metrics).contains("console_pull_duration_seconds_count{environment=\"none\",outcome=\"REPOSITORY_NOT_FOUND\","
            + "phase=\"total\",registry=\"" + name + "\"} 1");
    }

    String prometheus() {
        MvcTestResult result = mvc.get().uri("/actuator/prometheus").exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }
}
