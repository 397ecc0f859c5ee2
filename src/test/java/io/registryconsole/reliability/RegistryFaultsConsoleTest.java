package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;

import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/**
 * Faults of registries, through the console: what a hostile or broken registry does to a stored test pull. One test
 * pull runs at a time here, so "the next pull succeeds" proves the worker was freed. Limits are configuration (a
 * minimum rate of 1 KB/s over 1 s), asserted through the outcome, never through the clock.
 */
@Tag("db")
@SpringBootTest(properties = {
    "console.outbound.deny=127.0.0.2/32",
    "console.pull-tests.concurrency=1",
    "console.pull-tests.queue-capacity=4",
    "console.pull-tests.timeout=5s",
    "console.pull-tests.request-attempts=1",
    "console.pull-tests.deadline=60s",
    "console.pull-tests.min-rate=1KB",
    "console.pull-tests.min-rate-window=1s"})
@AutoConfigureMockMvc
@WithMockUser(roles = "OPERATOR")
@ExtendWith({RegistryLab.Extension.class, OutputCaptureExtension.class})
class RegistryFaultsConsoleTest {

    static final String USER = "robot";
    static final String PASSWORD = "Pa55-w0rd-never-shown";
    static final String BASIC = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    DocumentContext pull(long registryId, String image, String mode) {
        MvcTestResult started = mvc.post().uri("/api/v1/pull-tests?wait=60").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"image\": \"" + image + "\", \"registryId\": " + registryId + ", \"mode\": \"" + mode + "\"}").exchange();
        assertThat(started).hasStatus(HttpStatus.ACCEPTED);
        String location = started.getResponse().getHeader("Location");
        DocumentContext view = JsonPath.parse(body(started));
        assertThat(view.<String>read("$.status")).as(view.jsonString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
        MvcTestResult read = mvc.get().uri(location.substring(location.indexOf("/api/"))).exchange();
        assertThat(read).hasStatusOk();
        return JsonPath.parse(body(read));
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Finding 3: a registry that echoes request headers in its error body. */
    @Test
    void anEchoedAuthorizationHeaderReachesNoViewerNoRowAndNoLog(CapturedOutput output) {
        try (FakeRegistryServer echo = FakeRegistryServer.start(RegistryFaultsConsoleTest::challengeThenEcho)) {
            long id = console.register("echo", echo.url(), true, null, LabConsole.basic(USER, PASSWORD));
            DocumentContext view = pull(id, "team/app:1", "FULL");
            assertThat(view.<String>read("$.status")).isEqualTo("FAILED");
            assertThat(view.<String>read("$.failure.category")).isEqualTo("ACCESS_DENIED");
            assertThat(view.<String>read("$.failure.message")).as("the server's text is kept, its secrets are not")
                .contains("you sent Authorization: Basic ****");
            long pullId = ((Number) view.read("$.id")).longValue();

            String api = view.jsonString();
            String rows = jdbc.queryForList("select * from pull_test").toString();
            String page = body(mvc.get().uri("/pull-tests/" + pullId).exchange());
            String list = body(mvc.get().uri("/api/v1/pull-tests").exchange());
            for (String where : List.of(api, rows, page, list, output.getAll())) {
                assertThat(where).doesNotContain(PASSWORD).doesNotContain(BASIC).doesNotContain(BASIC.substring(0, 12));
            }
        }
    }

    /** 401 with a Basic challenge without credentials; with them, a 403 whose body echoes the request headers. */
    static void challengeThenEcho(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            FakeRegistryServer.send(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"login\"}]}",
                Map.of("WWW-Authenticate", "Basic realm=\"echo\""));
            return;
        }
        String echo = "Authorization: " + auth + " / " + ex.getRequestMethod() + " " + ex.getRequestURI() + " / user " + USER + ":" + PASSWORD;
        FakeRegistryServer.send(ex, 403, "text/plain", "denied; you sent " + echo, Map.of());
    }

    /** Finding 4: one byte every 100 ms never trips the stall timer; the minimum rate ends it and frees the worker. */
    @Test
    void aTricklingRegistryEndsAtTheMinimumRateAndTheNextPullRuns(@Use(Variant.ANONYMOUS) LabRegistry lab) {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeRegistryServer trickle = FakeRegistryServer.start(ex -> trickle(ex, release))) {
            long slow = console.register("trickle", trickle.url(), true, null, null);
            DocumentContext view = pull(slow, "team/app:1", "FULL");
            assertThat(view.<Object>read("$.failure")).as(view.jsonString()).isNotNull();
            assertThat(view.<String>read("$.failure.category")).as(view.jsonString()).isEqualTo("TRANSFER_TIMEOUT");
            assertThat(view.<String>read("$.failure.message")).contains("too slow").containsPattern("\\d+ B/s over the last")
                .contains("below the minimum of 1.0 KiB/s");
            release.countDown();

            long good = console.register(lab);
            DocumentContext next = pull(good, RegistryLab.ALPINE, "FULL");
            assertThat(next.<String>read("$.status")).as(next.jsonString()).isEqualTo("SUCCEEDED");
        } finally {
            release.countDown();
        }
    }

    static void trickle(HttpExchange ex, CountDownLatch release) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        ex.getResponseHeaders().set("Docker-Content-Digest", "sha256:" + "0".repeat(64));
        ex.sendResponseHeaders(200, 100_000);
        if (ex.getRequestMethod().equals("HEAD")) {
            return;
        }
        OutputStream out = ex.getResponseBody();
        try {
            for (int i = 0; i < 100_000 && !release.await(100, TimeUnit.MILLISECONDS); i++) {
                out.write('{');
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
