package io.registryconsole.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

import io.registryconsole.TestTables;
import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.probe.RegistryHealthService;
import io.registryconsole.pull.PullMode;
import io.registryconsole.pull.PullTestRequest;
import io.registryconsole.pull.PullTestService;
import io.registryconsole.pull.PullTestView;

/**
 * The registry page (settings, health, Check now with its result page) and the dashboard, against the registry lab.
 * Runs in the context of the other lab tests (requests are an OPERATOR's unless a test says otherwise).
 */
@ConsoleLabTest
class RegistryDetailPagesTest {

    private static final String WRONG_PASSWORD = "not-the-password-7f3a";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryHealthService health;
    @Autowired
    PullTestService pullTests;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    /** The page as a person reads it (Thymeleaf escapes quotes and the like). */
    static String html(ResultActions result) throws Exception {
        return HtmlUtils.htmlUnescape(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    ResultActions checkNow(long id, String repository) throws Exception {
        MockHttpServletRequestBuilder request = post("/registries/{id}/check", id).with(csrf());
        if (repository != null) {
            request = request.param("repository", repository);
        }
        return mvc.perform(request);
    }

    @Test
    void checkNowWithAWrongPasswordShowsTheFailedAuthStepAndTheRemediation(@Use(Variant.TLS_BASIC) LabRegistry lab) throws Exception {
        long id = console.register(lab, LabConsole.basic("tester", WRONG_PASSWORD));

        String page = html(mvc.perform(get("/registries/{id}", id)).andExpect(status().isOk()));
        assertThat(page).contains(lab.baseUrl().toString(), "tester", "BASIC", "action=\"/registries/" + id + "/check\"",
            "name=\"_csrf\"", "Check now", "not probed yet");

        String result = html(checkNow(id, null).andExpect(status().isOk()));

        assertThat(result).contains("FAILED", "AUTH_INVALID_CREDENTIALS", "HTTP Basic", "'tester'");
        assertThat(result).containsPattern("id=\"step-AUTH\">\\s*<td>AUTH</td>\\s*<td><span class=\"step step-fail\">FAIL</span>");
        assertThat(result).containsPattern("id=\"step-TLS\">\\s*<td>TLS</td>\\s*<td><span class=\"step step-pass\">PASS</span>");
        assertThat(result).containsPattern("id=\"step-REPOSITORY\">\\s*<td>REPOSITORY</td>\\s*<td><span class=\"step step-skip\">SKIP");
        for (String step : List.of("CONFIG", "DNS", "TCP", "TLS", "API", "AUTH", "REPOSITORY")) {
            assertThat(result).contains("id=\"step-" + step + "\"");
        }
        assertThat(result).containsPattern("id=\"remediation\">[^<]*HTTP Basic");
        assertThat(result).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    void checkNowWithARepositoryPassesEveryStep(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long id = console.register(lab);

        String result = html(checkNow(id, "library/alpine-test").andExpect(status().isOk()));

        assertThat(result).contains("id=\"verdict-state\">OK<", "may pull library/alpine-test", "value=\"library/alpine-test\"");
        assertThat(result).containsPattern("id=\"step-REPOSITORY\">\\s*<td>REPOSITORY</td>\\s*<td><span class=\"step step-pass\">PASS");
        assertThat(result).doesNotContain("id=\"remediation\"");
    }

    @Test
    void anInvalidRepositoryIsShownBesideTheFieldAndRunsNothing() throws Exception {
        try (FakeRegistryServer server = FakeRegistryServer.answering(200, Map.of(), "{}")) {
            long id = console.register("fake", server.url(), true, null, null);
            var before = TestTables.contents(jdbc);

            String page = html(checkNow(id, "Library/Nginx:1.25").andExpect(status().isUnprocessableContent()));

            assertThat(page).containsPattern("id=\"repository-error\"[^>]*>[^<]*repository name");
            assertThat(page).contains("value=\"Library/Nginx:1.25\"").doesNotContain("id=\"steps\"");
            assertThat(server.requests()).as("no check ran").isEmpty();
            assertThat(TestTables.contents(jdbc)).isEqualTo(before);
        }
    }

    @Test
    void aViewerSeesTheRegistryButMayNotCheckIt() throws Exception {
        try (FakeRegistryServer server = FakeRegistryServer.answering(200, Map.of(), "{}")) {
            long id = console.register("fake", server.url(), true, null, null);

            String page = html(mvc.perform(get("/registries/{id}", id).with(user("vera").roles("VIEWER"))).andExpect(status().isOk()));
            assertThat(page).contains(server.url()).doesNotContain("id=\"check-button\"", "/check\"");

            mvc.perform(post("/registries/{id}/check", id).with(csrf()).with(user("vera").roles("VIEWER")))
                .andExpect(status().isForbidden());
            // and without the CSRF token even an operator is refused
            mvc.perform(post("/registries/{id}/check", id)).andExpect(status().isForbidden());
            assertThat(server.requests()).as("no check ran").isEmpty();
        }
        mvc.perform(get("/registries/{id}", 999_999)).andExpect(status().isNotFound());
    }

    @Test
    void theRegistryPageShowsProbeHealthAndStateChangesWithTheRemediation(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long up = console.register(lab);
        long down = console.register("gone", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        health.probeNow(up);
        health.probeNow(down);

        String upPage = html(mvc.perform(get("/registries/{id}", up)).andExpect(status().isOk()));
        assertThat(upPage).contains("id=\"health-state\">UP<", "100.0 %", "p50").containsPattern("<table id=\"probes\">");

        String downPage = html(mvc.perform(get("/registries/{id}", down)).andExpect(status().isOk()));
        assertThat(downPage).contains("id=\"health-state\">DOWN<", "CONNECTION_REFUSED", "Nothing listens", "no probe found it up");
        assertThat(downPage).containsPattern("<table id=\"state-changes\">");
    }

    @Test
    void theDashboardShowsEveryRegistrysHealthAndTheRecentTestPulls(@Use(Variant.TLS_BASIC) LabRegistry lab) throws Exception {
        long up = console.register(lab);
        long down = console.register("gone", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        long never = console.register("never-probed", "https://registry.invalid", false, null, null);
        health.probeNow(up);
        health.probeNow(down);
        PullTestView pull = pullTests.start(PullTestRequest.ofRegistry(RegistryLab.ALPINE, up, PullMode.MANIFEST), "olga",
            java.time.Duration.ofSeconds(30));

        String page = html(mvc.perform(get("/").with(user("vera").roles("VIEWER"))).andExpect(status().isOk()));

        assertThat(page).contains("1 up, 1 down, 1 not probed yet", "href=\"/registries/" + up + "\"", "href=\"/registries/" + down + "\"",
            "href=\"/registries/" + never + "\"", "CONNECTION_REFUSED", "Nothing listens", "never");
        // the lab's certificate: days left as of the last probe
        assertThat(page).containsPattern("\\d+ days");
        assertThat(page).contains("href=\"/pull-tests/" + pull.id() + "\"", pull.status().name());
        assertThat(page).doesNotContain(RegistryLab.BASIC_USER.password());

        // the registries list links each name to its page
        assertThat(html(mvc.perform(get("/registries")))).contains("href=\"/registries/" + up + "\"");
    }

    @Test
    void anHtmxRequestGetsOnlyTheLiveFragmentAndAnEnvironmentHasItsPage(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long id = console.register(lab);
        long environment = console.environment("stage", null, "linux/amd64",
            java.util.List.of(io.registryconsole.environment.BindingRequest.primary(id)));
        health.probeNow(id);

        String dashboard = html(mvc.perform(get("/").header("HX-Request", "true")).andExpect(status().isOk()));
        assertThat(dashboard).startsWith("<section id=\"registry-health\"").contains("hx-trigger=\"every 10s\"", "1 up, 0 down")
            .doesNotContain("<html", "Recent test pulls");
        String registry = html(mvc.perform(get("/registries/{id}", id).header("HX-Request", "true")).andExpect(status().isOk()));
        assertThat(registry).startsWith("<section id=\"health\"").contains("id=\"health-state\">UP<").doesNotContain("<html", "Check now");

        String page = html(mvc.perform(get("/environments/{id}", environment).with(user("vera").roles("VIEWER"))).andExpect(status().isOk()));
        assertThat(page).contains("id=\"binding-" + id + "\"", ">UP<", "id=\"trust\"", "id=\"diagnosis\"",
            "href=\"/environments/" + environment + "/plan\"", "never downloaded").doesNotContain("href=\"/environments/" + environment + "/import\"");
        mvc.perform(get("/environments/{id}", 999_999)).andExpect(status().isNotFound());
    }
}
