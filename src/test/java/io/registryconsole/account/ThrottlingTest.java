package io.registryconsole.account;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.registryconsole.account.TestAccounts.TestUser;

/** Failed sign-ins lock out through every door: Basic, bearer tokens and the login form. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ThrottlingTest {

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
        viewer = accounts.user("vera", Role.VIEWER);
    }

    @Test
    void basicAuthIsRefusedWith429AfterFiveFailuresEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic("vera", "wrong-password-" + i)))
                .andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isTooManyRequests())
            .andExpect(header().string("Retry-After", "60"))
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(429))
            .andExpect(jsonPath("$.title").value("Too Many Requests"))
            .andExpect(jsonPath("$.detail", containsString("Try again in")));
    }

    @Test
    void aSuccessfulLoginResetsTheCount() throws Exception {
        for (int i = 0; i < 4; i++) {
            mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic("vera", "wrong-password")));
        }
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, viewer.basicAuth())).andExpect(status().isOk());
        for (int i = 0; i < 4; i++) {
            mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic("vera", "wrong-password")));
        }

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, viewer.basicAuth())).andExpect(status().isOk());
    }

    @Test
    void guessingTokensLocksTheClientAddress() throws Exception {
        String token = accounts.token(viewer);
        for (int i = 0; i < 20; i++) {
            mvc.perform(get("/api/v1/me").with(from("198.51.100.9"))
                    .header(AUTHORIZATION, TestAccounts.bearer("rc_" + String.valueOf((char) ('a' + i)).repeat(43))))
                .andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/api/v1/me").with(from("198.51.100.9")).header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isTooManyRequests())
            .andExpect(header().exists("Retry-After"));
        // another address is not affected
        mvc.perform(get("/api/v1/me").with(from("198.51.100.10")).header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isOk());
    }

    @Test
    void theLoginPageSaysWhenSignInIsLocked() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String csrf = TestAccounts.csrfToken(mvc, session, "/login");
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").session(session).param("username", "vera").param("password", "wrong-password")
                    .param("_csrf", csrf))
                .andExpect(redirectedUrl("/login?error"));
        }

        mvc.perform(post("/login").session(session).param("username", "vera").param("password", viewer.password())
                .param("_csrf", csrf))
            .andExpect(redirectedUrl("/login?throttled"));
        mvc.perform(get("/login").param("throttled", "").session(session))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("Too many failed sign-in attempts. Try again in")));
        // the lock is per username, whatever the door: Basic is refused too
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isTooManyRequests());
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
