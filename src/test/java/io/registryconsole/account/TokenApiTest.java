package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;

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

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.account.TestAccounts.TestUser;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class TokenApiTest {

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
    void showsTheTokenOnceAndStoresOnlyItsHash() throws Exception {
        String body = mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Cache-Control", containsString("no-store")))
            .andExpect(jsonPath("$.token", startsWith("rc_")))
            .andReturn().getResponse().getContentAsString();
        String token = JsonPath.read(body, "$.token");
        String prefix = JsonPath.read(body, "$.prefix");
        assertThat(token).hasSize(46).startsWith(prefix);
        assertThat(prefix).hasSize(11);

        // the database has the SHA-256 and the prefix, never the token
        List<Map<String, Object>> rows = jdbc.queryForList("select * from api_token");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("token_hash")).isEqualTo(ApiTokens.hash(token)); // keys are case-insensitive
        assertThat(rows.get(0).values()).noneMatch(value -> value != null && value.toString().contains(token));
        assertThat(ApiTokens.hash(token)).matches("[0-9a-f]{64}").doesNotContain(token);

        // listing shows what identifies it, never the token
        mvc.perform(get("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$", hasSize(1)))
            .andExpect(jsonPath("$[0].name").value("ci"))
            .andExpect(jsonPath("$[0].prefix").value(prefix))
            .andExpect(jsonPath("$[0].token").doesNotExist())
            .andExpect(content().string(not(containsString(token))));
        // and it works
        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))).andExpect(status().isOk());
    }

    @Test
    void usersSeeAndRevokeOnlyTheirOwnTokens() throws Exception {
        String adminToken = accounts.token(admin);
        long adminTokenId = jdbc.queryForObject("select id from api_token", Long.class);

        mvc.perform(get("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(delete("/api/v1/tokens/" + adminTokenId).header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/tokens").param("all", "true").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isForbidden())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(adminToken))).andExpect(status().isOk());
    }

    @Test
    void adminsListAndRevokeEveryonesTokens() throws Exception {
        String viewerToken = accounts.token(viewer);
        long viewerTokenId = jdbc.queryForObject("select id from api_token", Long.class);

        mvc.perform(get("/api/v1/tokens").param("all", "true").header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$[0].owner").value("vera"));
        mvc.perform(delete("/api/v1/tokens/" + viewerTokenId).header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(viewerToken))).andExpect(status().isUnauthorized());
    }

    @Test
    void ownersRevokeTheirTokensWithTheTokenItself() throws Exception {
        String token = accounts.token(viewer);
        long id = jdbc.queryForObject("select id from api_token", Long.class);

        mvc.perform(delete("/api/v1/tokens/" + id).header(AUTHORIZATION, TestAccounts.bearer(token)))
            .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/me").header(AUTHORIZATION, TestAccounts.bearer(token))).andExpect(status().isUnauthorized());
    }

    @Test
    void refusesBadTokenRequestsAndChangesNothing() throws Exception {
        mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("expiresAt"));
        mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"  \"}"))
            .andExpect(status().isBadRequest());
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isZero();

        mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\"}"))
            .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/tokens").header(AUTHORIZATION, viewer.basicAuth())
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"ci\"}"))
            .andExpect(status().isConflict());
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isEqualTo(1);
    }
}
