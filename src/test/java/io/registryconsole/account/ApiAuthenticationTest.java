package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.registryconsole.account.TestAccounts.TestUser;

/** HTTP Basic and bearer tokens on the stateless API chain, and the problem responses when they fail. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ApiAuthenticationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    TestAccounts accounts;
    TestUser operator;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
        operator = accounts.user("otto", Role.OPERATOR);
    }

    @Test
    void httpBasicAuthenticatesAConsoleUser() throws Exception {
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, operator.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.username").value("otto"))
            .andExpect(jsonPath("$.role").value("OPERATOR"))
            .andExpect(jsonPath("$.authenticatedWith").value("password"))
            // stateless: no session cookie for API clients
            .andExpect(header().doesNotExist("Set-Cookie"));
    }

    @Test
    void aBearerTokenAuthenticatesItsOwnerAndRecordsItsUse() throws Exception {
        String token = accounts.token(operator);

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.username").value("otto"))
            .andExpect(jsonPath("$.authenticatedWith").value("token"));

        assertThat(jdbc.queryForObject("select count(*) from api_token where last_used_at is not null", Integer.class))
            .isEqualTo(1);
    }

    @Test
    void noCredentialsGets401ProblemWithChallenges() throws Exception {
        unauthorized(mvc.perform(get("/api/v1/me")))
            .andExpect(jsonPath("$.detail", containsString("Authorization: Bearer")))
            .andExpect(header().stringValues("WWW-Authenticate",
                hasItems(containsString("Basic realm=\"Registry Console\""), containsString("Bearer realm=\"Registry Console\""))));
    }

    @Test
    void wrongPasswordGets401Problem() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("otto:not-the-password".getBytes(StandardCharsets.UTF_8));
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic)));
    }

    @Test
    void anOverlongPasswordIsA401NotAServerError() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("otto:" + "x".repeat(500)).getBytes(StandardCharsets.UTF_8));
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, basic)));
    }

    @Test
    void unknownAndMalformedTokensGet401Problem() throws Exception {
        String unknown = "rc_" + "A".repeat(43);
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(unknown))))
            .andExpect(header().stringValues("WWW-Authenticate", hasItems(containsString("error=\"invalid_token\""))));
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, "Bearer not-a-token")));
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, "Bearer ")));
    }

    @Test
    void aRevokedTokenGets401() throws Exception {
        String token = accounts.token(operator);
        jdbc.update("delete from api_token");

        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))));
    }

    @Test
    void anExpiredTokenGets401() throws Exception {
        String token = accounts.token(operator);
        jdbc.update("update api_token set expires_at = ?", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(5)));

        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))));
    }

    @Test
    void tokensOfADisabledUserStopWorking() throws Exception {
        String token = accounts.token(operator);
        jdbc.update("update console_user set enabled = false where username = 'otto'");

        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))));
        unauthorized(mvc.perform(get("/api/v1/me").header(AUTHORIZATION, operator.basicAuth())));
    }

    @Test
    void aTokenActsWithItsOwnersCurrentRole() throws Exception {
        String token = accounts.token(operator);
        mvc.perform(get("/api/v1/users").header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isForbidden());

        jdbc.update("update console_user set role = 'ADMIN' where username = 'otto'");

        mvc.perform(get("/api/v1/users").header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isOk());
    }

    @Test
    void theOpenApiDocumentIsServedToScriptsWithCredentials() throws Exception {
        mvc.perform(get("/v3/api-docs").header(AUTHORIZATION, operator.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.components.securitySchemes.bearerAuth.scheme").value("bearer"));
        // without credentials it belongs to the browser: a login redirect, not a document
        mvc.perform(get("/v3/api-docs")).andExpect(status().isFound());
    }

    private static ResultActions unauthorized(ResultActions result) throws Exception {
        return result.andExpect(status().isUnauthorized())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value("about:blank"))
            .andExpect(jsonPath("$.title").value("Unauthorized"))
            .andExpect(jsonPath("$.status").value(401))
            .andExpect(jsonPath("$.detail").isString());
    }
}
