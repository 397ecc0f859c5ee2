package io.registryconsole.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.util.HtmlUtils;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.FakeRegistryServer;
import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/** The test pull pages against the registry lab: the form, the history, a result, live progress and Cancel. */
@ConsoleLabTest
class PullTestPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PullTestService pullTests;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    static String html(ResultActions result) throws Exception {
        return HtmlUtils.htmlUnescape(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** Submits the form as an operator and returns the id of the test pull it redirected to. */
    long start(String image, long registryId, String mode) throws Exception {
        MvcResult result = mvc.perform(post("/pull-tests").with(csrf()).param("image", image).param("registryId", String.valueOf(registryId))
                .param("environmentId", "").param("platform", "").param("mode", mode).param("runtime", ""))
            .andExpect(status().is3xxRedirection())
            .andExpect(redirectedUrlPattern("/pull-tests/*"))
            .andReturn();
        String location = result.getResponse().getRedirectedUrl();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    PullTestView waitForEnd(long id) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        PullTestView view = pullTests.get(id);
        while (!view.status().isFinished() && System.nanoTime() < until) {
            Thread.sleep(50);
            view = pullTests.get(id);
        }
        assertThat(view.status().isFinished()).as("test pull %d finished: %s", id, view).isTrue();
        return view;
    }

    long count() {
        return jdbc.queryForObject("select count(*) from pull_test", Long.class);
    }

    @Test
    void aTestPullStartedFromTheFormSucceedsAndItsPageShowsTheResult(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long registry = console.register(lab);
        String form = html(mvc.perform(get("/pull-tests")).andExpect(status().isOk()));
        assertThat(form).contains("action=\"/pull-tests\"", "name=\"_csrf\"", "name=\"image\"", "name=\"registryId\"",
            "name=\"environmentId\"", "name=\"platform\"", "value=\"MANIFEST\"", "value=\"FULL\"");

        long id = start(RegistryLab.ALPINE, registry, "MANIFEST");
        PullTestView finished = waitForEnd(id);

        String page = html(mvc.perform(get("/pull-tests/{id}", id)).andExpect(status().isOk()));
        assertThat(finished.status()).isEqualTo(PullStatus.SUCCEEDED);
        assertThat(page).contains("id=\"pull-status\">SUCCEEDED<", "id=\"digest\">" + lab.image(RegistryLab.ALPINE).digest() + "<",
            "id=\"served-by\">" + lab.baseUrl() + "<", "application/vnd.oci.image.manifest.v1+json", "MANIFEST", "PING");
        assertThat(page).containsPattern("<code class=\"outcome\">OK</code>");
        assertThat(page).doesNotContain("id=\"pull-live\"", "id=\"cancel-button\"", "id=\"failure\"");

        String list = html(mvc.perform(get("/pull-tests").with(user("vera").roles("VIEWER"))).andExpect(status().isOk()));
        assertThat(list).contains("href=\"/pull-tests/" + id + "\"", lab.hostPort() + "/" + RegistryLab.ALPINE, "SUCCEEDED");
        assertThat(list).as("a viewer gets no form").doesNotContain("id=\"pull-test-form\"");
    }

    @Test
    void aMissingTagShowsTheCategoryTheRemediationAndTheTagsThatExist(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long id = start(RegistryLab.TAGS_APP + ":1.3", console.register(lab), "FULL");
        assertThat(waitForEnd(id).status()).isEqualTo(PullStatus.FAILED);

        String page = html(mvc.perform(get("/pull-tests/{id}", id)).andExpect(status().isOk()));

        assertThat(page).contains("id=\"failure-category\">MANIFEST_NOT_FOUND<", "Closest existing tags: 1.2, 1.1, 1.0");
        assertThat(page).containsPattern("id=\"suggestions\">[\\s\\S]*<code>1\\.2</code>[\\s\\S]*<code>1\\.1</code>[\\s\\S]*<code>latest</code>");
    }

    @Test
    void badInputIsShownBesideTheFieldsAndStoresNothing(@Use(Variant.ANONYMOUS) LabRegistry lab) throws Exception {
        long registry = console.register(lab);
        long before = count();

        String page = html(mvc.perform(post("/pull-tests").with(csrf()).param("image", "Not A/Valid::Image").param("registryId", "")
                .param("environmentId", "").param("platform", "linux").param("mode", "MANIFEST"))
            .andExpect(status().isUnprocessableContent()));

        assertThat(page).containsPattern("id=\"image-error\"[^>]*>[^<]*not a valid image reference");
        assertThat(page).containsPattern("id=\"registryId-error\"[^>]*>[^<]*exactly one of");
        assertThat(page).containsPattern("id=\"platform-error\"[^>]*>[^<]*os/architecture");
        assertThat(page).contains("value=\"Not A/Valid::Image\"");

        // both a registry and an environment: one of them only
        long environment = console.environment("prod", null, "linux/amd64", List.of());
        String both = html(mvc.perform(post("/pull-tests").with(csrf()).param("image", RegistryLab.ALPINE)
                .param("registryId", String.valueOf(registry)).param("environmentId", String.valueOf(environment)).param("mode", "MANIFEST"))
            .andExpect(status().isUnprocessableContent()));
        assertThat(both).containsPattern("id=\"environmentId-error\"[^>]*>[^<]*exactly one of");
        assertThat(count()).isEqualTo(before);

        mvc.perform(post("/pull-tests").with(csrf()).with(user("vera").roles("VIEWER")).param("image", RegistryLab.ALPINE)
                .param("registryId", String.valueOf(registry)))
            .andExpect(status().isForbidden());
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void aRunningTestPullShowsLiveProgressAndCanBeCancelled() throws Exception {
        try (FakeRegistryServer stall = FakeRegistryServer.stalling()) {
            long registry = console.register("stall", stall.url(), true, null, null);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // two run (stalled), the third waits
                ids.add(start("library/nginx:" + i, registry, "MANIFEST"));
            }
            long last = ids.get(2);

            String page = html(mvc.perform(get("/pull-tests/{id}", last)).andExpect(status().isOk()));
            assertThat(page).containsPattern("id=\"pull-status\">(QUEUED|RUNNING)<");
            assertThat(page).contains("data-events=\"/pull-tests/" + last + "/events\"", "<progress id=\"pull-progress\"",
                "/js/pull-test.js", "action=\"/pull-tests/" + last + "/cancel\"", "id=\"cancel-button\"", "refresh the page");

            mvc.perform(post("/pull-tests/{id}/cancel", last).with(csrf()))
                .andExpect(status().is3xxRedirection());
            assertThat(waitForEnd(last).status()).isEqualTo(PullStatus.CANCELLED);
            String cancelled = html(mvc.perform(get("/pull-tests/{id}", last)).andExpect(status().isOk()));
            assertThat(cancelled).contains("id=\"pull-status\">CANCELLED<").doesNotContain("id=\"cancel-button\"");

            // a finished test pull cannot be cancelled again: the page says so
            MvcResult refused = mvc.perform(post("/pull-tests/{id}/cancel", last).with(csrf())).andExpect(status().is3xxRedirection())
                .andReturn();
            assertThat((String) refused.getFlashMap().get("error")).contains("already finished");

            // the events of the page session: a finished test pull gives its state and its end at once
            MvcResult events = mvc.perform(get("/pull-tests/{id}/events", last).accept(MediaType.TEXT_EVENT_STREAM)).andReturn();
            String stream = mvc.perform(asyncDispatch(events)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(stream).startsWith("event:state").contains("event:end", "CANCELLED");

            // the script the page loads is served to the browser (the CSP allows no inline script)
            String script = mvc.perform(get("/js/pull-test.js")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(script).contains("new EventSource(live.dataset.events)", "'end'", "window.location.reload()");

            stall.release();
            for (long other : ids.subList(0, 2)) {
                waitForEnd(other);
            }
        }
    }
}
