package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

/**
 * Issue 12, hostile input: text that looks like Thymeleaf, SpEL or HTML, stored where free text is allowed
 * (registry and environment descriptions, API token names), is shown literally and escaped on every page that shows
 * it, and returned unchanged by the API. An evaluated expression would show 49 (or run code); a raw tag would run.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class TemplateInjectionTest {

    static final String PAYLOAD = "${T(java.lang.Runtime).getRuntime().exec('id')} __${7*7}__ [[${7*7}]] [(${7*7})] "
        + "*{7*7} #{7*7} <script>alert(1)</script> \"'><img src=x onerror=alert(2)>";

    /** Token names are short. */
    static final String SHORT_PAYLOAD = "__${7*7}__ [[${7*7}]] <script>alert(1)</script>";

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

    TestUser admin;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("injector", Role.ADMIN);
    }

    @Test
    void expressionsAndTagsInStoredTextAreShownLiterallyAndEscaped() throws Exception {
        long registryId = registries.create(new RegistryRequest("injected", "https://injected.example.com", null, null, null,
            null, PAYLOAD, null, null)).id();
        long environmentId = environments.create(new EnvironmentRequest("injected", PAYLOAD, null, null, null, List.of(), null)).id();
        assertThat(mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, admin.basicAuth())
            .contentType(MediaType.APPLICATION_JSON).content("{\"name\":" + jsonString(SHORT_PAYLOAD) + "}"))
            .andReturn().getResponse().getStatus()).as("token with the payload as its name").isEqualTo(201);

        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        for (String page : List.of("/registries", "/registries/" + registryId, "/registries/" + registryId + "/edit",
            "/environments", "/environments/" + environmentId, "/environments/" + environmentId + "/edit", "/account/tokens",
            "/admin/users", "/")) {
            MockHttpServletResponse response = mvc.perform(get(page).session(session)).andReturn().getResponse();
            assertThat(response.getStatus()).as(page).isEqualTo(200);
            String html = response.getContentAsString();
            assertThat(html).as(page + ": no evaluated expression").doesNotContain("__49__", "[[49]]", "[(49)]", "java.lang.ProcessImpl",
                "java.lang.Runtime@");
            assertThat(html).as(page + ": no raw tag or attribute from the text").doesNotContain("<script>alert(1)", "<img src=x");
        }
        String registryPage = mvc.perform(get("/registries/" + registryId).session(session)).andReturn().getResponse().getContentAsString();
        assertThat(registryPage).as("shown literally, escaped").contains("${T(java.lang.Runtime).getRuntime().exec(", "__${7*7}__",
            "[[${7*7}]]", "&lt;script&gt;alert(1)&lt;/script&gt;");
        String environmentPage = mvc.perform(get("/environments/" + environmentId).session(session)).andReturn().getResponse().getContentAsString();
        assertThat(environmentPage).contains("__${7*7}__", "&lt;script&gt;alert(1)&lt;/script&gt;");
        String tokensPage = mvc.perform(get("/account/tokens").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(tokensPage).contains("[[${7*7}]]", "&lt;script&gt;alert(1)&lt;/script&gt;");

        String api = mvc.perform(get("/api/v1/registries/" + registryId).header(AUTHORIZATION, admin.basicAuth()))
            .andReturn().getResponse().getContentAsString();
        assertThat(api).as("the API returns the text unchanged").contains("__${7*7}__", "[[${7*7}]]");
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
