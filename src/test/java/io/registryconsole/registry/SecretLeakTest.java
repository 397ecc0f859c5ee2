package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;

/**
 * Passwords and tokens go in, and never come out: not in responses, the database in clear, the audit trail or the
 * log, even with request and SQL logging turned up to TRACE (which prints request bodies via toString).
 */
@Tag("db")
@SpringBootTest(properties = {"logging.level.org.springframework.web=TRACE", "logging.level.io.registryconsole=DEBUG",
    "logging.level.org.hibernate.SQL=DEBUG", "logging.level.org.hibernate.orm.jdbc.bind=TRACE"})
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest {

    static final List<String> SECRETS = List.of("pw-LEAK-basic-0001", "tok-LEAK-token-0002", "pw-LEAK-updated-0003",
        "pw-LEAK-rejected-0004", "pw-LEAK-unquoted-0005", "pw-LEAK-unknown-field-0006", "pw-LEAK-both-0007");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registries;

    final List<String> responses = new ArrayList<>();

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
    }

    MvcTestResult send(MvcTestResult result) throws Exception {
        responses.add(result.getResponse().getContentAsString() + result.getResponse().getHeaderNames().stream()
            .map(name -> name + ": " + result.getResponse().getHeaders(name)).toList());
        return result;
    }

    MvcTestResult write(String method, String uri, String body) throws Exception {
        var request = method.equals("POST") ? mvc.post() : mvc.put();
        return send(request.uri(uri).contentType(MediaType.APPLICATION_JSON).content(body).with(csrf()).exchange());
    }

    @Test
    void secretsNeverLeak(CapturedOutput output) throws Exception {
        MvcTestResult basic = write("POST", "/api/v1/registries", """
            {"name": "harbor", "url": "https://harbor.example.com", "credential": {"username": "robot", "password": "pw-LEAK-basic-0001"}}
            """);
        MvcTestResult token = write("POST", "/api/v1/registries", """
            {"name": "ghcr", "url": "https://ghcr.io", "credential": {"username": "octo", "token": "tok-LEAK-token-0002"}}
            """);
        assertThat(basic).hasStatus(HttpStatus.CREATED);
        assertThat(token).hasStatus(HttpStatus.CREATED);
        long basicId = ((Number) JsonPath.read(basic.getResponse().getContentAsString(), "$.id")).longValue();
        long tokenId = ((Number) JsonPath.read(token.getResponse().getContentAsString(), "$.id")).longValue();

        assertThat(write("PUT", "/api/v1/registries/" + basicId, """
            {"name": "harbor", "url": "https://harbor.example.com", "credential": {"username": "robot", "password": "pw-LEAK-updated-0003"}, "version": 0}
            """)).hasStatusOk();
        // rejected writes that carry secrets
        assertThat(write("POST", "/api/v1/registries", """
            {"name": "Bad Name", "url": "https://x/v2/", "credential": {"username": "u", "password": "pw-LEAK-rejected-0004\\n"}}
            """)).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(write("POST", "/api/v1/registries", """
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u", "password": pw-LEAK-unquoted-0005}}
            """)).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(write("POST", "/api/v1/registries", """
            {"name": "x", "url": "https://x.example.com", "credential": {"password": "pw-LEAK-unknown-field-0006", "bogus": 1}}
            """)).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(write("POST", "/api/v1/registries", """
            {"name": "x", "url": "https://x.example.com", "credential": {"password": "pw-LEAK-both-0007", "token": "pw-LEAK-both-0007"}}
            """)).hasStatus(HttpStatus.BAD_REQUEST);

        send(mvc.get().uri("/api/v1/registries").exchange());
        send(mvc.get().uri("/api/v1/registries/" + basicId).exchange());
        send(mvc.get().uri("/api/v1/registries/" + tokenId).exchange());
        send(mvc.get().uri("/api/v1/audit-events").exchange());
        send(mvc.get().uri("/v3/api-docs").exchange());

        // the secrets were stored (and can be used) ...
        assertThat(registries.findAccess(basicId).orElseThrow().secret()).isEqualTo("pw-LEAK-updated-0003");
        assertThat(registries.findAccess(tokenId).orElseThrow().secret()).isEqualTo("tok-LEAK-token-0002");
        assertThat(jdbc.queryForList("select credential_secret from registry", String.class))
            .allSatisfy(stored -> assertThat(stored).matches("v1:[0-9a-f]{16}:[A-Za-z0-9+/]+"));

        // ... and are nowhere to be read
        String database = jdbc.queryForList("select * from registry").toString()
            + jdbc.queryForList("select * from registry_label").toString()
            + jdbc.queryForList("select * from audit_event").toString();
        for (String secret : SECRETS) {
            assertThat(String.join("\n", responses)).as("API responses").doesNotContain(secret);
            assertThat(database).as("database rows").doesNotContain(secret);
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
        // the DEBUG log did see the requests, with the secrets left out
        assertThat(output.getAll()).contains("password=(set)");
    }
}
