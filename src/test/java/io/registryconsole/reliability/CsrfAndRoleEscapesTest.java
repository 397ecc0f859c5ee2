package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;

/**
 * Issue 12, hostile input: CSRF on every state-changing page and role escapes on every operation. The endpoints are
 * read from the handler mappings, so a new controller method is covered without touching this test; the only list
 * here is the small set of writes that ApiAccessRules / PageAccessRules deliberately open to OPERATOR (run
 * something) or VIEWER (own account). Every other write, and every admin-only read, must answer 403 to the lower
 * roles; nothing may change. Path placeholders get ids that do not exist, so even an escape changes nothing.
 */
@Tag("db")
@SpringBootTest(properties = "console.outbound.deny=0.0.0.0/0,::/0")
@AutoConfigureMockMvc
class CsrfAndRoleEscapesTest {

    /** Writes that need only OPERATOR: "run something, change nothing stored" (patterns with * for placeholders). */
    static final Set<String> OPERATOR_WRITES = Set.of(
        "POST /api/v1/registries/*/check", "POST /api/v1/registries/*/probes", "POST /api/v1/pull-tests",
        "DELETE /api/v1/pull-tests/*", "POST /api/v1/environments/*/plan", "POST /api/v1/replications",
        "DELETE /api/v1/replications/*",
        "POST /registries/*/check", "POST /pull-tests", "POST /pull-tests/*/cancel", "POST /environments/*/plan",
        "POST /replications", "POST /replications/*/cancel");
    /** Every user manages their own tokens and account (the services check ownership). */
    static final List<String> OWN_ACCOUNT_PREFIXES = List.of("/api/v1/tokens", "/account/");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    TestUser admin;
    TestUser operator;
    TestUser viewer;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("csrf-admin", Role.ADMIN);
        operator = accounts.user("escape-operator", Role.OPERATOR);
        viewer = accounts.user("escape-viewer", Role.VIEWER);
    }

    @Test
    void everyStateChangingPageRefusesAnAdminSessionWithoutCsrfToken() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        assertThat(mvc.perform(get("/").session(session)).andReturn().getResponse().getStatus()).as("signed in").isEqualTo(200);
        List<Endpoint> writes = endpoints().stream().filter(e -> !e.api() && e.isWrite()).toList();
        assertThat(writes).as("page forms").hasSizeGreaterThan(10);
        Map<String, Long> before = RowCounts.of(jdbc);
        List<String> failures = new ArrayList<>();
        for (Endpoint write : writes) {
            MockHttpServletResponse response = mvc.perform(request(HttpMethod.valueOf(write.method()), write.path())
                .session(session).contentType(MediaType.APPLICATION_FORM_URLENCODED).param("name", "csrf")).andReturn().getResponse();
            if (response.getStatus() != 403) {
                failures.add(write + ": " + response.getStatus());
            }
        }
        assertThat(failures).as("page writes without a CSRF token").isEmpty();
        assertThat(RowCounts.of(jdbc)).isEqualTo(before);
    }

    @Test
    void theApiIgnoresABrowserSessionSoNoCsrfIsPossible() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        Map<String, Long> before = RowCounts.of(jdbc);
        for (Endpoint write : endpoints().stream().filter(e -> e.api() && e.isWrite()).toList()) {
            int status = mvc.perform(request(HttpMethod.valueOf(write.method()), write.path()).session(session)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"csrf\",\"url\":\"https://csrf.example.com\"}"))
                .andReturn().getResponse().getStatus();
            assertThat(status).as(write + " with only the admin's session cookie").isEqualTo(401);
        }
        assertThat(RowCounts.of(jdbc)).isEqualTo(before);
    }

    @Test
    void viewersAndOperatorsCannotReachAdminOperations() throws Exception {
        List<Endpoint> endpoints = endpoints();
        Map<String, Long> before = RowCounts.of(jdbc);
        List<String> failures = new ArrayList<>();
        MockHttpSession viewerSession = TestAccounts.signIn(mvc, viewer);
        MockHttpSession operatorSession = TestAccounts.signIn(mvc, operator);
        String viewerCsrf = TestAccounts.csrfToken(mvc, viewerSession, "/");
        String operatorCsrf = TestAccounts.csrfToken(mvc, operatorSession, "/");
        int checked = 0;
        for (Endpoint endpoint : endpoints) {
            if (endpoint.ownAccount()) {
                continue;
            }
            boolean operatorMay = OPERATOR_WRITES.contains(endpoint.key());
            boolean adminOnly = endpoint.isWrite() ? !operatorMay : endpoint.adminOnlyRead();
            if (!adminOnly && !operatorMay) {
                continue;
            }
            checked++;
            int asViewer = send(endpoint, viewer, viewerSession, viewerCsrf);
            if (asViewer != 403) {
                failures.add("VIEWER " + endpoint + ": " + asViewer);
            }
            if (adminOnly) {
                int asOperator = send(endpoint, operator, operatorSession, operatorCsrf);
                if (asOperator != 403) {
                    failures.add("OPERATOR " + endpoint + ": " + asOperator);
                }
            }
        }
        assertThat(checked).as("operations that need OPERATOR or ADMIN").isGreaterThan(30);
        assertThat(failures).as("role escapes").isEmpty();
        assertThat(RowCounts.of(jdbc)).isEqualTo(before);
    }

    private int send(Endpoint endpoint, TestUser user, MockHttpSession session, String csrf) throws Exception {
        MockHttpServletRequestBuilder builder = request(HttpMethod.valueOf(endpoint.method()), endpoint.path());
        if (endpoint.api()) {
            builder.header(AUTHORIZATION, user.basicAuth()).contentType(MediaType.APPLICATION_JSON).content("{}");
        } else {
            builder.session(session);
            if (endpoint.isWrite()) {
                builder.contentType(MediaType.APPLICATION_FORM_URLENCODED).param("_csrf", csrf);
            }
        }
        return mvc.perform(builder).andReturn().getResponse().getStatus();
    }

    private List<Endpoint> endpoints() {
        Set<String> seen = new TreeSet<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getPathPatternsCondition() == null) {
                continue;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (pattern.startsWith("/error") || pattern.startsWith("/v3/") || pattern.startsWith("/swagger")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    Endpoint endpoint = new Endpoint(method.name(), pattern);
                    if (seen.add(endpoint.key())) {
                        endpoints.add(endpoint);
                    }
                }
            }
        }
        return endpoints;
    }

    record Endpoint(String method, String pattern) {

        String key() {
            return method + " " + pattern.replaceAll("\\{[^}]+}", "*");
        }

        /** Placeholders get ids that exist nowhere; the export format one of the real formats. */
        String path() {
            return pattern.replace("{format}", "docker-config").replaceAll("\\{[^}]+}", "987654");
        }

        boolean api() {
            return pattern.startsWith("/api/");
        }

        boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        }

        boolean ownAccount() {
            return OWN_ACCOUNT_PREFIXES.stream().anyMatch(pattern::startsWith) || pattern.equals("/logout");
        }

        /** Reads that show only what an admin may see: users, admin pages, and the forms of admin changes. */
        boolean adminOnlyRead() {
            return pattern.startsWith("/api/v1/users") || pattern.startsWith("/admin")
                || (!api() && (pattern.endsWith("/new") || pattern.endsWith("/edit") || pattern.endsWith("/import")));
        }

        @Override
        public String toString() {
            return method + " " + path();
        }
    }
}
