package io.registryconsole.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.util.HtmlUtils;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.check.Loopback;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;

/** The environment pull plan page against lab registries: each runtime's order tried live, flags, the test pull link. */
@ConsoleLabTest
class PlanPagesTest {

    @Autowired
    MockMvc mvc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    static String html(ResultActions result) throws Exception {
        return HtmlUtils.htmlUnescape(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void thePlanTriesEveryEndpointLiveAndLinksToATestPull(@Use(Variant.ANONYMOUS) LabRegistry upstream) throws Exception {
        long primary = console.register(upstream);
        long dead = console.register("dead-mirror", "http://127.0.0.1:" + Loopback.closedPort(), true, null, null);
        String image = upstream.hostPort() + "/" + RegistryLab.ALPINE;
        long env = console.environment("staging", null, "linux/amd64",
            List.of(BindingRequest.primary(primary), BindingRequest.mirror(dead, upstream.hostPort(), 1)));

        assertThat(html(mvc.perform(get("/environments"))))
            .contains("href=\"/environments/" + env + "/plan\"");

        String page = html(mvc.perform(get("/environments/{id}/plan", env).param("image", image)).andExpect(status().isOk()));

        assertThat(page).contains("id=\"runtime-DOCKER\"", "id=\"runtime-CONTAINERD\"", "id=\"runtime-CRIO\"", "CRI-O / podman");
        assertThat(page).contains("<code class=\"outcome\">CONNECTION_REFUSED</code>", "<code class=\"outcome\">OK</code>",
            "Nothing listens", "FAILOVER");
        assertThat(page).containsPattern("id=\"runtime-CONTAINERD\">[\\s\\S]*Served by <code class=\"served-by\">"
            + upstream.baseUrl() + "</code>");
        assertThat(page).contains("href=\"/registries/" + dead + "\"");
        String link = "/pull-tests?image=" + image + "&environmentId=" + env;
        assertThat(page).contains("id=\"test-pull-link\"", "href=\"" + link + "\"");

        // the link opens the form prefilled
        String form = html(mvc.perform(get("/pull-tests").param("image", image).param("environmentId", String.valueOf(env)))
            .andExpect(status().isOk()));
        assertThat(form).contains("value=\"" + image + "\"");
        assertThat(form).containsPattern("<option value=\"" + env + "\" selected=\"selected\">");
    }

    @Test
    void aViewerGetsTheOrderWithoutTrialsAndBadInputIsShownBesideTheField(@Use(Variant.ANONYMOUS) LabRegistry upstream)
        throws Exception {
        long primary = console.register(upstream);
        long env = console.environment("staging", null, null, List.of(BindingRequest.primary(primary)));

        String viewer = html(mvc.perform(get("/environments/{id}/plan", env).param("image", upstream.hostPort() + "/" + RegistryLab.ALPINE)
            .with(user("vera").roles("VIEWER"))).andExpect(status().isOk()));
        assertThat(viewer).contains("needs the OPERATOR role", upstream.baseUrl().toString())
            .doesNotContain("class=\"outcome\"", "id=\"test-pull-link\"");

        String bad = html(mvc.perform(get("/environments/{id}/plan", env).param("image", "Bad Image"))
            .andExpect(status().isUnprocessableContent()));
        assertThat(bad).containsPattern("id=\"image-error\"[^>]*>[^<]*not a valid image reference");
        assertThat(bad).doesNotContain("id=\"runtime-DOCKER\"");

        mvc.perform(get("/environments/{id}/plan", 999_999)).andExpect(status().isNotFound());
    }
}
