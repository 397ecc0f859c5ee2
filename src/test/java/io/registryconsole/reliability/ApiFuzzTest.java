package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriUtils;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 12, hostile input: every operation of the OpenAPI document, as an ADMIN (who may call all of them), gets
 * malformed JSON, wrong types, huge numbers, control characters, 100 KB strings and unknown fields, in its body and
 * in its parameters. Never a 5xx; every refusal is problem details with a 4xx; no table changes. The operations come
 * from /v3/api-docs, so a new endpoint is fuzzed without touching this test. Nothing is contacted: everything
 * outbound is denied.
 */
@Tag("db")
@SpringBootTest(properties = "console.outbound.deny=0.0.0.0/0,::/0")
@AutoConfigureMockMvc
class ApiFuzzTest {

    static final String HUGE = "x".repeat(100 * 1024);
    static final List<String> BAD_BODIES = List.of(
        "{", "{\"name\":", "[1,2", "not json", "\u0000\u001b[31m", "null", "[]", "42", "\"a string\"",
        "{\"zzUnknownField\":1}",
        "{\"name\":123456789012345678901234567890,\"url\":false,\"labels\":\"x\",\"registryIds\":{}}",
        "{\"name\":[],\"url\":{},\"image\":12,\"environmentId\":\"abc\",\"registryId\":1e400}",
        "{\"name\":\"a\\u0000b\\u001b\\u202e\",\"description\":\"\\ud800\",\"url\":\"http://\\u0000/\"}",
        "{\"name\":\"" + HUGE + "\",\"url\":\"" + HUGE + "\",\"description\":\"" + HUGE + "\",\"image\":\"" + HUGE + "\"}",
        "{\"id\":-9223372036854775809,\"version\":99999999999999999999,\"page\":1e309}");
    static final List<String> BAD_VALUES = List.of("abc", "99999999999999999999999", "-1", "1.5e400", "\u0000\u001b\r\n",
        "\u202e", HUGE, "true", "[]");

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
    long registryId;
    long environmentId;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("fuzzer", Role.ADMIN);
        registryId = registries.create(new RegistryRequest("fuzzed", "https://fuzzed.example.com", null, null, null, null, null, null, null)).id();
        environmentId = environments.create(new EnvironmentRequest("fuzzed", null, null, null, null, List.of(), null)).id();
    }

    @Test
    void noOperationAnswers5xxOrChangesAnythingForMalformedInput() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).as("operations in /v3/api-docs").hasSizeGreaterThan(20);
        Map<String, Long> before = RowCounts.of(jdbc);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Operation operation : operations) {
            if (operation.hasBody()) {
                for (String body : BAD_BODIES) {
                    if (body.equals("null") && !operation.bodyRequired()) {
                        continue;   // an optional body: JSON null is the same as none, a valid request
                    }
                    check(operation, send(operation, validPath(operation.path()), Map.of(), body), true, "body " + shorten(body), failures);
                    sent++;
                }
            }
            for (String parameter : operation.pathParameters()) {
                for (String value : BAD_VALUES) {
                    String path = validPath(operation.path().replace("{" + parameter + "}", UriUtils.encodePathSegment(value, java.nio.charset.StandardCharsets.UTF_8)));
                    check(operation, send(operation, path, Map.of(), operation.hasBody() ? "{}" : null), true,
                        "path " + parameter + "=" + shorten(value), failures);
                    sent++;
                }
            }
            // query parameters on reads: a free-text value may be a valid filter, so a 2xx is fine, never a 5xx.
            // (A write without a body on an existing id would really run; its path parameters are fuzzed above.)
            for (String parameter : operation.method().equals("GET") ? operation.queryParameters() : List.<String>of()) {
                for (String value : BAD_VALUES) {
                    check(operation, send(operation, validPath(operation.path()), Map.of(parameter, value), null),
                        false, "query " + parameter + "=" + shorten(value), failures);
                    sent++;
                }
            }
        }
        assertThat(failures).as("%d malformed requests to %d operations", sent, operations.size()).isEmpty();
        assertThat(RowCounts.of(jdbc)).as("row counts").isEqualTo(before);
    }

    private void check(Operation operation, MockHttpServletResponse response, boolean mustBeRefused, String what,
                       List<String> failures) throws Exception {
        int status = response.getStatus();
        String where = operation.method() + " " + operation.path() + " with " + what + ": " + status;
        if (status >= 500) {
            failures.add(where + " " + shorten(response.getContentAsString()));
        } else if (status >= 400) {
            if (response.getContentType() == null || !response.getContentType().startsWith("application/problem+json")) {
                failures.add(where + " as " + response.getContentType());
            }
        } else if (mustBeRefused) {
            failures.add(where + " (accepted)");
        }
    }

    private MockHttpServletResponse send(Operation operation, String path, Map<String, String> query, String body) throws Exception {
        MockHttpServletRequestBuilder builder = request(HttpMethod.valueOf(operation.method()), path)
            .header(AUTHORIZATION, admin.basicAuth()).accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        query.forEach(builder::queryParam);
        if (body != null) {
            builder.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(builder).andReturn().getResponse();
    }

    /** Placeholders left in a path get ids that exist, so the body (or the parameter under test) is what is judged. */
    private String validPath(String path) {
        long id = path.startsWith("/api/v1/environments") ? environmentId : registryId;
        return path.replaceAll("\\{format}", "docker-config").replaceAll("\\{[^}]+}", Long.toString(id));
    }

    private List<Operation> operations() throws Exception {
        String json = mvc.perform(get("/v3/api-docs").header(AUTHORIZATION, admin.basicAuth())).andReturn().getResponse().getContentAsString();
        JsonNode paths = new ObjectMapper().readTree(json).get("paths");
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                // pages also appear in the document (htmx fragments); they answer sign-in redirects, not problems
                if (!List.of("get", "put", "post", "delete", "patch").contains(method.getKey()) || !path.getKey().startsWith("/api/")) {
                    continue;
                }
                List<String> inPath = new ArrayList<>();
                List<String> inQuery = new ArrayList<>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    (parameter.path("in").asString().equals("path") ? inPath : inQuery).add(parameter.path("name").asString());
                }
                JsonNode body = method.getValue().path("requestBody");
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), !body.isMissingNode(),
                    body.path("required").asBoolean(false), inPath, inQuery));
            }
        }
        return operations;
    }

    private static String shorten(String text) {
        String visible = text.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 80 ? visible.substring(0, 80) + "…(" + text.length() + ")" : visible;
    }

    record Operation(String method, String path, boolean hasBody, boolean bodyRequired, List<String> pathParameters, List<String> queryParameters) {
    }
}
