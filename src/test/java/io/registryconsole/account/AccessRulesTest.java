package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.registryconsole.account.TestAccounts.TestUser;

/**
 * The role matrix, as a table: each row is a request and the least role that may make it. Every role
 * below it must get 403, every role from it upward must get past security (any status but 401/403:
 * endpoints built on other branches answer 404/405 here, which proves the request was let through).
 * Extend the table when you add an endpoint, next to the rule in ApiAccessRules / PageAccessRules.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class AccessRulesTest {

    /** {@code null} least role: nobody, not even an admin. */
    record Row(HttpMethod method, String path, Role least) {
    }

    static final List<Row> API = List.of(
        // reading
        new Row(HttpMethod.GET, "/api/v1/registries", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/registries/1", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/pull-tests/1", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/pull-tests/1/events", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/replications", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/replication-rules", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/me", Role.VIEWER),
        new Row(HttpMethod.GET, "/v3/api-docs", Role.VIEWER),
        new Row(HttpMethod.GET, "/actuator/prometheus", Role.VIEWER),
        // exports: secrets only for admins, fail closed for anything unlisted
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/containerd-hosts", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/registries-conf", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/nginx-proxy", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-config", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/k8s-secret", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/k3s-registries", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon?download=zip", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon?download=ZIP", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/Docker-Config", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/some-new-format", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon/more", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon/diff", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-config/diff", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/some-new-format/diff", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/environments/1/exports/docker-daemon/diff?download=zip", Role.ADMIN),
        // operator actions
        new Row(HttpMethod.POST, "/api/v1/registries/1/check", Role.OPERATOR),
        new Row(HttpMethod.POST, "/api/v1/registries/1/probes", Role.OPERATOR),
        new Row(HttpMethod.GET, "/api/v1/registries/1/health", Role.VIEWER),
        new Row(HttpMethod.GET, "/api/v1/health/registries", Role.VIEWER),
        new Row(HttpMethod.POST, "/api/v1/pull-tests", Role.OPERATOR),
        new Row(HttpMethod.DELETE, "/api/v1/pull-tests/1", Role.OPERATOR),
        new Row(HttpMethod.POST, "/api/v1/replications", Role.OPERATOR),
        new Row(HttpMethod.DELETE, "/api/v1/replications/1", Role.OPERATOR),
        new Row(HttpMethod.POST, "/api/v1/replication-rules", Role.ADMIN),
        new Row(HttpMethod.DELETE, "/api/v1/replication-rules/1", Role.ADMIN),
        new Row(HttpMethod.POST, "/api/v1/environments/1/plan", Role.OPERATOR),
        // every other write
        new Row(HttpMethod.POST, "/api/v1/registries", Role.ADMIN),
        new Row(HttpMethod.PUT, "/api/v1/registries/1", Role.ADMIN),
        new Row(HttpMethod.DELETE, "/api/v1/registries/1", Role.ADMIN),
        new Row(HttpMethod.POST, "/api/v1/environments", Role.ADMIN),
        new Row(HttpMethod.PUT, "/api/v1/environments/1", Role.ADMIN),
        new Row(HttpMethod.DELETE, "/api/v1/environments/1", Role.ADMIN),
        new Row(HttpMethod.PATCH, "/api/v1/something-new", Role.ADMIN),
        // users: admins only; tokens: everyone (their own)
        new Row(HttpMethod.GET, "/api/v1/users", Role.ADMIN),
        new Row(HttpMethod.POST, "/api/v1/users", Role.ADMIN),
        new Row(HttpMethod.PATCH, "/api/v1/users/999999", Role.ADMIN),
        new Row(HttpMethod.DELETE, "/api/v1/users/999999", Role.ADMIN),
        new Row(HttpMethod.GET, "/api/v1/tokens", Role.VIEWER),
        new Row(HttpMethod.POST, "/api/v1/tokens", Role.VIEWER),
        new Row(HttpMethod.DELETE, "/api/v1/tokens/999999", Role.VIEWER),
        // actuator beyond health, info and metrics is closed
        new Row(HttpMethod.GET, "/actuator/env", null),
        new Row(HttpMethod.GET, "/actuator/beans", null));

    static final List<Row> PAGES = List.of(
        new Row(HttpMethod.GET, "/", Role.VIEWER),
        new Row(HttpMethod.GET, "/registries", Role.VIEWER),
        new Row(HttpMethod.GET, "/account/tokens", Role.VIEWER),
        new Row(HttpMethod.POST, "/account/tokens/999999/revoke", Role.VIEWER),
        new Row(HttpMethod.GET, "/admin/users", Role.ADMIN),
        new Row(HttpMethod.POST, "/admin/users/999999/delete", Role.ADMIN),
        new Row(HttpMethod.GET, "/registries/1", Role.VIEWER),
        new Row(HttpMethod.GET, "/pull-tests", Role.VIEWER),
        new Row(HttpMethod.GET, "/pull-tests/999999", Role.VIEWER),
        new Row(HttpMethod.GET, "/environments/1/plan", Role.VIEWER),
        new Row(HttpMethod.POST, "/registries/1/check", Role.OPERATOR),
        new Row(HttpMethod.POST, "/pull-tests/999999/cancel", Role.OPERATOR),
        new Row(HttpMethod.GET, "/replications", Role.VIEWER),
        new Row(HttpMethod.POST, "/replications", Role.OPERATOR),
        new Row(HttpMethod.POST, "/replications/999999/cancel", Role.OPERATOR),
        new Row(HttpMethod.POST, "/pull-tests", Role.OPERATOR),
        new Row(HttpMethod.POST, "/environments/1/plan", Role.OPERATOR),
        new Row(HttpMethod.POST, "/registries", Role.ADMIN),
        new Row(HttpMethod.POST, "/registries/1/delete", Role.ADMIN));

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    final Map<Role, TestUser> users = new EnumMap<>(Role.class);

    @BeforeEach
    void setUp() {
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        users.put(Role.VIEWER, accounts.user("viewer", Role.VIEWER));
        users.put(Role.OPERATOR, accounts.user("operator", Role.OPERATOR));
        users.put(Role.ADMIN, accounts.user("admin", Role.ADMIN));
    }

    @Test
    void apiRequestsAreAllowedFromTheirLeastRoleUpward() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : API) {
            for (Role role : Role.values()) {
                MockHttpServletRequestBuilder request = withJsonBody(row)
                    .header(AUTHORIZATION, users.get(role).basicAuth());
                check(row, role, mvc.perform(request).andReturn().getResponse(), wrong);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void apiRequestsWithoutCredentialsGet401ExceptHealthAndInfo() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : API) {
            if (row.path().startsWith("/v3/")) {
                continue; // without credentials the OpenAPI document belongs to the browser chain (login redirect)
            }
            int status = mvc.perform(withJsonBody(row)).andReturn().getResponse().getStatus();
            if (status != 401) {
                wrong.add(row + " anonymous -> " + status);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(mvc.perform(request(HttpMethod.GET, "/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(request(HttpMethod.GET, "/actuator/health/liveness")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(request(HttpMethod.GET, "/actuator/info")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void pagesAreAllowedFromTheirLeastRoleUpward() throws Exception {
        Map<Role, MockHttpSession> sessions = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            sessions.put(role, TestAccounts.signIn(mvc, users.get(role)));
        }
        List<String> wrong = new ArrayList<>();
        for (Row row : PAGES) {
            for (Role role : Role.values()) {
                MockHttpSession session = sessions.get(role);
                MockHttpServletRequestBuilder request = request(row.method(), row.path()).session(session);
                if (row.method() != HttpMethod.GET) {
                    request.param("_csrf", TestAccounts.csrfToken(mvc, session, "/account/tokens"));
                }
                check(row, role, mvc.perform(request).andReturn().getResponse(), wrong);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /**
     * Other features' tests may use Spring Security's test principals with a single role
     * ({@code user("x").roles("ADMIN")}); the role hierarchy makes the same table hold for them.
     */
    @Test
    void singleRoleTestPrincipalsGetTheImpliedRolesToo() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Row row : API) {
            if (row.path().startsWith("/api/v1/me") || row.path().startsWith("/api/v1/tokens")) {
                continue; // these work on the signed-in console user itself: tests need a real one (TestAccounts)
            }
            for (Role role : Role.values()) {
                MockHttpServletRequestBuilder request = withJsonBody(row)
                    .with(SecurityMockMvcRequestPostProcessors.user("test-" + role).roles(role.name()));
                check(row, role, mvc.perform(request).andReturn().getResponse(), wrong);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(mvc.perform(request(HttpMethod.GET, "/").with(
                SecurityMockMvcRequestPostProcessors.user("test-admin").roles("ADMIN")))
            .andReturn().getResponse().getStatus()).as("pages render for such principals").isNotIn(401, 403, 500);
    }

    private static MockHttpServletRequestBuilder withJsonBody(Row row) {
        MockHttpServletRequestBuilder request = request(row.method(), row.path());
        if (row.method() != HttpMethod.GET && row.method() != HttpMethod.DELETE) {
            request.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        return request;
    }

    private static void check(Row row, Role role, MockHttpServletResponse response, List<String> wrong) {
        boolean allowed = row.least() != null && role.includes(row.least());
        int status = response.getStatus();
        if (allowed && (status == 401 || status == 403)) {
            wrong.add(row + " as " + role + " should pass, got " + status);
        }
        if (!allowed && status != 403) {
            wrong.add(row + " as " + role + " should be 403, got " + status);
        }
    }
}
