package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.account.TestAccounts.TestUser;

/**
 * Walks through everything that handles a password or token, with security and web logging at DEBUG,
 * and checks that none of them reaches the log.
 */
@Tag("db")
@SpringBootTest(properties = {
    "logging.level.org.springframework.security=DEBUG",
    "logging.level.org.springframework.web=DEBUG",
    "logging.level.io.registryconsole=DEBUG"})
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsInLogsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
    }

    @Test
    void passwordsAndTokensNeverReachTheLog(CapturedOutput output) throws Exception {
        TestUser admin = accounts.user("root", Role.ADMIN);
        String newUserPassword = "Secret-For-Carol-1";
        String changedPassword = "Changed-Secret-For-Carol-2";
        String wrongPassword = "Wrong-Guess-For-Carol-3";

        String created = mvc.perform(post("/api/v1/users").header(AUTHORIZATION, admin.basicAuth())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\": \"carol\", \"password\": \"" + newUserPassword + "\", \"role\": \"VIEWER\"}"))
            .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long carolId = ((Number) JsonPath.read(created, "$.id")).longValue();
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic("carol", newUserPassword))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic("carol", wrongPassword))).andExpect(status().isUnauthorized());
        mvc.perform(patch("/api/v1/users/" + carolId).header(AUTHORIZATION, admin.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"version\": 0, \"password\": \"" + changedPassword + "\"}"))
            .andExpect(status().isOk());
        // a password typed into the username field, as people do
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic(changedPassword, "x"))).andExpect(status().isUnauthorized());

        String tokenJson = mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, basic("carol", changedPassword))
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\"}"))
            .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(tokenJson, "$.token");
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token.substring(0, 45) + "x")))
            .andExpect(status().isUnauthorized());

        MockHttpSession session = TestAccounts.signIn(mvc, new TestUser(carolId, "carol", changedPassword, Role.VIEWER));
        String csrf = TestAccounts.csrfToken(mvc, session, "/account/tokens");
        String page = mvc.perform(post("/account/tokens").session(session).param("_csrf", csrf).param("name", "from-page"))
            .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String pageToken = page.replaceAll("(?s).*id=\"new-token\"[^>]*value=\"(rc_[0-9A-Za-z]+)\".*", "$1");
        assertThat(pageToken).startsWith("rc_").hasSize(46);

        String log = output.getAll();
        assertThat(log).as("the test ran with DEBUG logging").contains("DEBUG");
        assertThat(log)
            .doesNotContain(admin.password())
            .doesNotContain(newUserPassword)
            .doesNotContain(changedPassword)
            .doesNotContain(wrongPassword)
            .doesNotContain(token)
            .doesNotContain(token.substring(11)) // the part after the visible prefix
            .doesNotContain(pageToken.substring(11))
            .doesNotContain(ApiTokens.hash(token))
            .doesNotContain("{bcrypt}")
            .doesNotContain("Using generated security password");
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
