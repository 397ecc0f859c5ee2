package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.registryconsole.account.TestAccounts.TestUser;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class FormLoginTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    TestAccounts accounts;
    TestUser viewer;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
        accounts.user("root", Role.ADMIN);
        viewer = accounts.user("vera", Role.VIEWER);
    }

    @Test
    void servesTheLoginPageWithACsrfProtectedForm() throws Exception {
        mvc.perform(get("/login"))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("<form action=\"/login\" method=\"post\"")))
            .andExpect(content().string(containsString("name=\"_csrf\"")))
            .andExpect(content().string(containsString("/css/console.css")));
    }

    @Test
    void signsInWithTheFormAndItsCsrfToken() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);

        mvc.perform(get("/account/tokens").session(session))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("vera")));
    }

    @Test
    void refusesALoginPostWithoutCsrfToken() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/login").session(session));

        mvc.perform(post("/login").session(session).param("username", "vera").param("password", viewer.password()))
            .andExpect(status().isForbidden());
        mvc.perform(get("/account/tokens").session(session))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/login"));
    }

    @Test
    void wrongPasswordReturnsToTheFormWithAGenericMessage() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String csrf = TestAccounts.csrfToken(mvc, session, "/login");

        mvc.perform(post("/login").session(session).param("username", "vera").param("password", "wrong-password-1")
                .param("_csrf", csrf))
            .andExpect(redirectedUrl("/login?error"));
        mvc.perform(get("/login").param("error", "").session(session))
            .andExpect(content().string(containsString("Invalid username or password.")));
    }

    @Test
    void theSessionRemembersWhoButNoPasswordHash() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);

        SecurityContext stored = (SecurityContext) session.getAttribute(
            HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        ConsoleUser principal = (ConsoleUser) stored.getAuthentication().getPrincipal();
        assertThat(principal.username()).isEqualTo("vera");
        assertThat(principal.getPassword()).isNull();
        assertThat(stored.getAuthentication().getCredentials()).isNull();
    }

    @Test
    void changesTheSessionIdOnLogin() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String csrf = TestAccounts.csrfToken(mvc, session, "/login");
        String before = session.getId();

        MvcResult login = mvc.perform(post("/login").session(session).param("username", "vera")
            .param("password", viewer.password()).param("_csrf", csrf)).andReturn();

        assertThat(login.getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(login.getRequest().getSession().getId()).isNotEqualTo(before);
    }

    @Test
    void pagesRedirectToLoginAndHtmxRequestsGet401WithHxRefresh() throws Exception {
        mvc.perform(get("/account/tokens"))
            .andExpect(status().isFound())
            .andExpect(redirectedUrl("/login"));

        mvc.perform(get("/account/tokens").header("HX-Request", "true"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("HX-Refresh", "true"))
            .andExpect(header().doesNotExist("Location"));
    }

    @Test
    void logoutIsAPostWithCsrfAndEndsTheSession() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);
        String csrf = TestAccounts.csrfToken(mvc, session, "/account/tokens");

        mvc.perform(post("/logout").session(session))
            .andExpect(status().isForbidden());
        mvc.perform(post("/logout").session(session).param("_csrf", csrf))
            .andExpect(redirectedUrl("/login?logout"));

        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void aSignedInUserOpeningTheLoginPageGoesToTheDashboard() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, viewer);

        mvc.perform(get("/login").session(session)).andExpect(redirectedUrl("/"));
        mvc.perform(get("/").session(session))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("Dashboard")))
            // a viewer's navigation has no Users entry
            .andExpect(content().string(not(containsString("href=\"/admin/users\""))));
    }
}
