package io.registryconsole.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;

/** The environments pages: bindings edited as rows without script, messages beside the row that is wrong. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class EnvironmentPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryService registries;
    @Autowired
    EnvironmentService environments;

    MockHttpSession admin;
    MockHttpSession viewer;
    RegistryView harbor;
    RegistryView mirror;

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = TestAccounts.signIn(mvc, accounts.user("root", Role.ADMIN));
        viewer = TestAccounts.signIn(mvc, accounts.user("vera", Role.VIEWER));
        harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false, null, null, null, null, null));
        mirror = registries.create(new RegistryRequest("mirror", "https://mirror.example.com", null, false, null, null, null, null, null));
    }

    @Test
    void createsAnEnvironmentWithOrderedBindings() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/new");
        // "add a registry" re-renders the form with one more row and saves nothing
        mvc.perform(post("/environments").session(admin).param("_csrf", csrf).param("name", "prod")
                .param("bindings[0].registryId", String.valueOf(harbor.id())).param("bindings[0].role", "PRIMARY")
                .param("addBinding", "true"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("name=\"bindings[1].registryId\"")));
        assertThat(jdbc.queryForObject("select count(*) from environment", Integer.class)).isZero();

        mvc.perform(post("/environments").session(admin).param("_csrf", csrf).param("name", "prod")
                .param("platform", "linux/arm64").param("pullPolicy", "Always").param("maxConcurrentDownloads", "5")
                .param("bindings[0].registryId", String.valueOf(harbor.id())).param("bindings[0].role", "PRIMARY")
                .param("bindings[1].registryId", String.valueOf(mirror.id())).param("bindings[1].role", "MIRROR")
                .param("bindings[1].mirrorOf", "docker.io").param("bindings[1].priority", "2"))
            .andExpect(redirectedUrl("/environments"));

        EnvironmentView created = environments.list(EnvironmentFilter.ALL, Pageable.unpaged()).content().get(0);
        assertThat(created.platform()).isEqualTo("linux/arm64");
        assertThat(created.pullPolicy()).isEqualTo(PullPolicy.Always);
        assertThat(created.registries()).extracting(BindingView::registryName).containsExactly("harbor", "mirror");
        assertThat(created.registries().get(1).mirrorOf()).isEqualTo("docker.io");
    }

    @Test
    void aMirrorWithoutUpstreamIsShownBesideItsRowAndSavesNothing() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/new");
        var before = TestTables.contents(jdbc);

        mvc.perform(post("/environments").session(admin).param("_csrf", csrf).param("name", "prod")
                .param("bindings[0].registryId", String.valueOf(harbor.id())).param("bindings[0].role", "PRIMARY")
                .param("bindings[1].registryId", String.valueOf(mirror.id())).param("bindings[1].role", "MIRROR"))
            .andExpect(status().isUnprocessableContent())
            .andExpect(content().string(containsString("id=\"bindings[1].mirrorOf-error\"")));
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    @Test
    void editRemovesARowAndViewerSeesNoEditButtons() throws Exception {
        EnvironmentView env = environments.create(new EnvironmentRequest("stage", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id()), BindingRequest.mirror(mirror.id(), "docker.io", 0)), null));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/" + env.id() + "/edit");

        String html = mvc.perform(post("/environments/{id}", env.id()).session(admin).param("_csrf", csrf)
                .param("name", "stage").param("version", String.valueOf(env.version()))
                .param("bindings[0].registryId", String.valueOf(harbor.id())).param("bindings[0].role", "PRIMARY")
                .param("bindings[1].registryId", String.valueOf(mirror.id())).param("bindings[1].role", "MIRROR")
                .param("bindings[1].mirrorOf", "docker.io").param("removeBinding", "0"))
            .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("name=\"bindings[0].registryId\"").doesNotContain("name=\"bindings[1].registryId\"");
        assertThat(environments.get(env.id()).registries()).hasSize(2);

        mvc.perform(get("/environments").session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("stage"), containsString("mirror of docker.io"),
                not(containsString("/edit")), not(containsString("New environment")))));
        mvc.perform(get("/environments").session(admin))
            .andExpect(content().string(allOf(containsString("/environments/" + env.id() + "/edit"))));
    }

    @Test
    void deletesAnEnvironment() throws Exception {
        EnvironmentView env = environments.create(new EnvironmentRequest("gone", null, null, null, null, List.of(), null));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments");
        mvc.perform(post("/environments/{id}/delete", env.id()).session(admin).param("_csrf", csrf)
                .param("version", String.valueOf(env.version())))
            .andExpect(redirectedUrl("/environments"));
        assertThat(jdbc.queryForObject("select count(*) from environment", Integer.class)).isZero();
    }
}
