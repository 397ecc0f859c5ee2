package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.registryconsole.account.TestAccounts.TestUser;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class UserApiTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    TestAccounts accounts;
    TestUser admin;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("root", Role.ADMIN);
    }

    @Test
    void createsAUserWithAHashedPasswordThatIsNeverReturned() throws Exception {
        String password = "a-long-enough-password";
        ResultActions created = asAdmin(post("/api/v1/users"),
            "{\"username\": \"Carol\", \"password\": \"" + password + "\", \"role\": \"OPERATOR\"}")
            .andExpect(status().isCreated())
            .andExpect(header().string("Location", containsString("/api/v1/users/")))
            .andExpect(jsonPath("$.username").value("carol"))
            .andExpect(jsonPath("$.role").value("OPERATOR"))
            .andExpect(jsonPath("$.enabled").value(true))
            .andExpect(jsonPath("$.version").value(0))
            .andExpect(jsonPath("$.password").doesNotExist())
            .andExpect(content().string(not(containsString(password))));

        assertThat(created.andReturn().getResponse().getContentAsString()).doesNotContain("bcrypt");
        String hash = jdbc.queryForObject("select password_hash from console_user where username = 'carol'", String.class);
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(password);
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("carol:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
            .andExpect(status().isOk());
    }

    @Test
    void refusesADuplicateNameWith409AndChangesNothing() throws Exception {
        asAdmin(post("/api/v1/users"), "{\"username\": \"ROOT\", \"password\": \"another-password-1\", \"role\": \"VIEWER\"}")
            .andExpect(status().isConflict())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.detail", containsString("already exists")));
        assertThat(jdbc.queryForObject("select role from console_user where username = 'root'", String.class)).isEqualTo("ADMIN");
    }

    @Test
    void refusesAShortPasswordAndABadUsernameWith400() throws Exception {
        asAdmin(post("/api/v1/users"), "{\"username\": \"dave\", \"password\": \"short\", \"role\": \"VIEWER\"}")
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(content().string(not(containsString("short\""))));
        asAdmin(post("/api/v1/users"), "{\"username\": \"da ve\", \"password\": \"long-enough-password\", \"role\": \"VIEWER\"}")
            .andExpect(status().isBadRequest());
        asAdmin(post("/api/v1/users"), "{\"username\": \"dave\", \"password\": \"" + "é".repeat(40) + "\", \"role\": \"VIEWER\"}")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("password"))
            .andExpect(jsonPath("$.errors[0].message", containsString("72 bytes")));

        assertThat(jdbc.queryForObject("select count(*) from console_user", Integer.class)).isEqualTo(1);
    }

    @Test
    void updatesRoleWithTheCurrentVersionAndRefusesAStaleOne() throws Exception {
        TestUser dave = accounts.user("dave", Role.VIEWER);

        asAdmin(patch("/api/v1/users/" + dave.id()), "{\"version\": 0, \"role\": \"OPERATOR\"}")
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.role").value("OPERATOR"))
            .andExpect(jsonPath("$.version").value(1));

        asAdmin(patch("/api/v1/users/" + dave.id()), "{\"version\": 0, \"role\": \"ADMIN\"}")
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.detail", containsString("changed by someone else")));
        assertThat(jdbc.queryForObject("select role from console_user where username = 'dave'", String.class)).isEqualTo("OPERATOR");

        asAdmin(patch("/api/v1/users/" + dave.id()), "{\"role\": \"ADMIN\"}")
            .andExpect(status().isBadRequest());
    }

    @Test
    void changesAPasswordSoTheOldOneStopsWorking() throws Exception {
        TestUser dave = accounts.user("dave", Role.VIEWER);

        asAdmin(patch("/api/v1/users/" + dave.id()), "{\"version\": 0, \"password\": \"the-new-password-1\"}")
            .andExpect(status().isOk());

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, dave.basicAuth())).andExpect(status().isUnauthorized());
    }

    @Test
    void neverLeavesTheConsoleWithoutAnEnabledAdmin() throws Exception {
        asAdmin(patch("/api/v1/users/" + admin.id()), "{\"version\": 0, \"role\": \"VIEWER\"}")
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.detail", containsString("last enabled admin")));
        asAdmin(patch("/api/v1/users/" + admin.id()), "{\"version\": 0, \"enabled\": false}")
            .andExpect(status().isConflict());
        mvc.perform(delete("/api/v1/users/" + admin.id()).header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isConflict());

        TestUser second = accounts.user("second", Role.ADMIN);
        mvc.perform(delete("/api/v1/users/" + admin.id()).header(AUTHORIZATION, second.basicAuth()))
            .andExpect(status().isNoContent());
        assertThat(jdbc.queryForObject("select count(*) from console_user", Integer.class)).isEqualTo(1);
    }

    @Test
    void deletingAUserDeletesTheirTokens() throws Exception {
        TestUser dave = accounts.user("dave", Role.VIEWER);
        String token = accounts.token(dave);

        mvc.perform(delete("/api/v1/users/" + dave.id()).param("version", "0").header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isNoContent());

        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/users/" + dave.id()).header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void listsUsersWithoutPasswords() throws Exception {
        accounts.user("dave", Role.VIEWER);

        mvc.perform(get("/api/v1/users").header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0].username").value("dave"))
            .andExpect(jsonPath("$[1].username").value("root"))
            .andExpect(content().string(not(containsString("bcrypt"))))
            .andExpect(content().string(not(containsString("password"))));
    }

    private ResultActions asAdmin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
                                  String json) throws Exception {
        return mvc.perform(request.header(AUTHORIZATION, admin.basicAuth()).contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
