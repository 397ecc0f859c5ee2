package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Collections;

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

import io.registryconsole.account.TestAccounts.TestUser;

/** The API tokens page and the admin's users page, driven like a browser (session, CSRF token from the page). */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class AccountPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    TestAccounts accounts;
    TestUser admin;
    TestUser viewer;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("root", Role.ADMIN);
        viewer = accounts.user("vera", Role.VIEWER);
    }

    @Test
    void aNewTokenIsShownOnceThenOnlyItsPrefix() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);
        String csrf = TestAccounts.csrfToken(mvc, session, "/account/tokens");

        String created = mvc.perform(post("/account/tokens").session(session).param("_csrf", csrf)
                .param("name", "laptop").param("expiresInDays", "30"))
            .andExpect(status().isOk())
            .andExpect(header().string("Cache-Control", containsString("no-store")))
            .andExpect(content().string(containsString("it will not be shown again")))
            .andReturn().getResponse().getContentAsString();
        String token = created.replaceAll("(?s).*id=\"new-token\"[^>]*value=\"(rc_[0-9A-Za-z]+)\".*", "$1");
        assertThat(token).startsWith("rc_").hasSize(46);
        assertThat(Collections.list(session.getAttributeNames()))
            .noneMatch(name -> String.valueOf(session.getAttribute(name)).contains(token));

        mvc.perform(get("/account/tokens").session(session))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("laptop")))
            .andExpect(content().string(containsString(token.substring(0, 11) + "…")))
            .andExpect(content().string(not(containsString(token))));
    }

    @Test
    void revokesATokenFromThePage() throws Exception {
        accounts.token(viewer);
        long id = jdbc.queryForObject("select id from api_token", Long.class);
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);
        String csrf = TestAccounts.csrfToken(mvc, session, "/account/tokens");

        mvc.perform(post("/account/tokens/" + id + "/revoke").session(session).param("_csrf", csrf))
            .andExpect(redirectedUrl("/account/tokens"))
            .andExpect(flash().attribute("message", "Token revoked."));

        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();
    }

    @Test
    void aTokenPageFormWithoutCsrfIsRefused() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);

        mvc.perform(post("/account/tokens").session(session).param("name", "laptop"))
            .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();
    }

    @Test
    void adminsCreateUsersAndSeeRuleViolationsBesideTheForm() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        String csrf = TestAccounts.csrfToken(mvc, session, "/admin/users");

        mvc.perform(post("/admin/users").session(session).param("_csrf", csrf)
                .param("username", "otto").param("password", "long-enough-password").param("role", "OPERATOR"))
            .andExpect(redirectedUrl("/admin/users"))
            .andExpect(flash().attribute("message", "User 'otto' created."));
        mvc.perform(post("/admin/users").session(session).param("_csrf", csrf)
                .param("username", "pat").param("password", "short").param("role", "VIEWER"))
            .andExpect(redirectedUrl("/admin/users"))
            .andExpect(flash().attribute("error", containsString("at least 12 characters")));

        mvc.perform(get("/admin/users").session(session))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString(">otto<")))
            .andExpect(content().string(not(containsString(">pat<"))))
            .andExpect(content().string(not(containsString("long-enough-password"))));
    }

    @Test
    void viewersCannotOpenTheUsersPage() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);

        mvc.perform(get("/admin/users").session(session)).andExpect(status().isForbidden());
    }

    @Test
    void changingAUsersRoleEndsTheirSession() throws Exception {
        MockHttpSession viewerSession = TestAccounts.signIn(mvc, viewer);
        mvc.perform(get("/account/tokens").session(viewerSession)).andExpect(status().isOk());
        MockHttpSession adminSession = TestAccounts.signIn(mvc, admin);
        String csrf = TestAccounts.csrfToken(mvc, adminSession, "/admin/users");

        mvc.perform(post("/admin/users/" + viewer.id()).session(adminSession).param("_csrf", csrf)
                .param("version", "0").param("role", "OPERATOR").param("enabled", "true"))
            .andExpect(flash().attribute("message", "User 'vera' saved."));

        mvc.perform(get("/account/tokens").session(viewerSession))
            .andExpect(redirectedUrl("/login?expired"));
        // the admin's own session is untouched
        mvc.perform(get("/admin/users").session(adminSession)).andExpect(status().isOk());
    }

    @Test
    void theLastAdminCannotDemoteThemselvesFromThePage() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        String csrf = TestAccounts.csrfToken(mvc, session, "/admin/users");

        mvc.perform(post("/admin/users/" + admin.id()).session(session).param("_csrf", csrf)
                .param("version", "0").param("role", "VIEWER").param("enabled", "true"))
            .andExpect(flash().attribute("error", containsString("last enabled admin")));

        assertThat(jdbc.queryForObject("select role from console_user where id = ?", String.class, admin.id())).isEqualTo("ADMIN");
        assertThat(Collections.list(session.getAttributeNames())).isNotEmpty();
    }
}
