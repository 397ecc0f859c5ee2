package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;

/** The registries pages driven like a browser: a real sign-in, the CSRF token read from the page. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class RegistryPagesTest {

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

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = TestAccounts.signIn(mvc, accounts.user("root", Role.ADMIN));
        viewer = TestAccounts.signIn(mvc, accounts.user("vera", Role.VIEWER));
    }

    @Test
    void viewerSeesTheListWithoutEditButtonsAdminSeesThem() throws Exception {
        registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, true, null,
            CredentialChange.set(CredentialRequest.basic("robot$ci", "s3cret-pass")), null, List.of("prod"), null));

        mvc.perform(get("/registries").session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("harbor"), containsString("robot$ci"),
                containsString("insecure"), containsString("prod"))))
            .andExpect(content().string(allOf(not(containsString("/edit")), not(containsString("New registry")),
                not(containsString("s3cret-pass")))));
        mvc.perform(get("/registries").session(admin))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("/edit"), containsString("New registry"))));
        mvc.perform(get("/registries/new").session(viewer)).andExpect(status().isForbidden());
    }

    @Test
    void filtersByName() throws Exception {
        registries.create(request("alpha", "https://alpha.example.com"));
        registries.create(request("beta", "https://beta.example.com"));

        mvc.perform(get("/registries").param("name", "alp").session(viewer))
            .andExpect(content().string(allOf(containsString("alpha.example.com"), not(containsString("beta.example.com")))));
    }

    @Test
    void createsARegistryThroughTheFormAndNeverShowsThePassword() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries/new");
        mvc.perform(post("/registries").session(admin).param("_csrf", csrf)
                .param("name", "ghcr").param("url", "https://ghcr.io").param("credentialKind", "BASIC")
                .param("username", "bot").param("password", "pa55-word").param("labels", "ci, prod"))
            .andExpect(status().is3xxRedirection())
            .andExpect(redirectedUrl("/registries"))
            .andExpect(flash().attribute("message", "Registry 'ghcr' created."));

        RegistryView created = registries.list(RegistryFilter.ALL, org.springframework.data.domain.Pageable.unpaged())
            .content().get(0);
        assertThat(created.name()).isEqualTo("ghcr");
        assertThat(created.credential().username()).isEqualTo("bot");
        assertThat(created.labels()).containsExactly("ci", "prod");
        mvc.perform(get("/registries/{id}/edit", created.id()).session(admin))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("leave blank to keep"), not(containsString("pa55-word")))));
    }

    @Test
    void aBadUrlIsShownBesideTheUrlFieldAndCreatesNothing() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries/new");
        var before = TestTables.contents(jdbc);

        mvc.perform(post("/registries").session(admin).param("_csrf", csrf)
                .param("name", "bad").param("url", "https://harbor.example.com/v2/").param("credentialKind", "BASIC")
                .param("username", "bot").param("password", "never-echo-me"))
            .andExpect(status().isUnprocessableContent())
            .andExpect(content().string(containsString("id=\"url-error\"")))
            .andExpect(content().string(not(containsString("never-echo-me"))));
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    @Test
    void aDuplicateNameIsShownBesideTheNameField() throws Exception {
        registries.create(request("taken", "https://a.example.com"));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries/new");

        String html = mvc.perform(post("/registries").session(admin).param("_csrf", csrf)
                .param("name", "taken").param("url", "https://b.example.com"))
            .andExpect(status().isUnprocessableContent())
            .andReturn().getResponse().getContentAsString();
        assertThat(html).containsPattern("id=\"name-error\"[^>]*>[^<]*already exists");
    }

    @Test
    void aStaleVersionGetsAClearMessage() throws Exception {
        RegistryView stored = registries.create(request("quay", "https://quay.io"));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries/" + stored.id() + "/edit");
        registries.update(stored.id(), new RegistryRequest("quay", "https://quay.io", null, false, null, null,
            "changed meanwhile", null, stored.version()));

        mvc.perform(post("/registries/{id}", stored.id()).session(admin).param("_csrf", csrf)
                .param("name", "quay").param("url", "https://quay.io").param("version", String.valueOf(stored.version())))
            .andExpect(status().isUnprocessableContent())
            .andExpect(content().string(containsString("changed by someone else")));
        assertThat(registries.get(stored.id()).description()).isEqualTo("changed meanwhile");
    }

    @Test
    void editKeepsTheStoredPasswordWhenLeftBlank() throws Exception {
        RegistryView stored = registries.create(new RegistryRequest("h", "https://h.example.com", null, false, null,
            CredentialChange.set(CredentialRequest.basic("u", "old-secret")), null, null, null));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries/" + stored.id() + "/edit");

        mvc.perform(post("/registries/{id}", stored.id()).session(admin).param("_csrf", csrf)
                .param("name", "h").param("url", "https://h.example.com").param("credentialKind", "BASIC")
                .param("username", "u2").param("password", "").param("version", String.valueOf(stored.version())))
            .andExpect(status().is3xxRedirection());
        assertThat(registries.findAccess(stored.id()).orElseThrow().secret()).isEqualTo("old-secret");
        assertThat(registries.get(stored.id()).credential().username()).isEqualTo("u2");
    }

    @Test
    void deletingABoundRegistryShowsWhichEnvironmentsUseIt() throws Exception {
        RegistryView bound = registries.create(request("bound", "https://bound.example.com"));
        environments.create(new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(bound.id())), null));
        String csrf = TestAccounts.csrfToken(mvc, admin, "/registries");

        mvc.perform(post("/registries/{id}/delete", bound.id()).session(admin).param("_csrf", csrf)
                .param("version", String.valueOf(bound.version())))
            .andExpect(redirectedUrl("/registries"))
            .andExpect(flash().attribute("error", containsString("prod")));
        assertThat(registries.exists(bound.id())).isTrue();

        mvc.perform(post("/registries/{id}/delete", bound.id()).session(viewer).param("_csrf", csrf))
            .andExpect(status().isForbidden());
    }

    private static RegistryRequest request(String name, String url) {
        return new RegistryRequest(name, url, null, false, null, null, null, null, null);
    }
}
