package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.registryconsole.TestTables;

/** Every kind of bad input gets a precise problem response, and the stored data stays exactly as it was. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
class RegistryApiBadInputTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    long existingId;
    List<List<Map<String, Object>>> before;

    @BeforeEach
    void oneRegistryExists() {
        TestTables.clean(jdbc);
        MvcTestResult created = post("""
            {"name": "existing", "url": "https://existing.example.com", "credential": {"username": "u", "password": "pw-1"}}
            """);
        assertThat(created).hasStatus(HttpStatus.CREATED);
        existingId = ((Number) RegistryApiTest.read(created, "$.id")).longValue();
        before = TestTables.contents(jdbc);
    }

    @AfterEach
    void nothingChanged() {
        assertThat(TestTables.contents(jdbc)).as("stored data after a rejected request").isEqualTo(before);
    }

    MvcTestResult post(String body) {
        return mvc.post().uri("/api/v1/registries").contentType(MediaType.APPLICATION_JSON).content(body).with(csrf()).exchange();
    }

    MvcTestResult put(String body) {
        return mvc.put().uri("/api/v1/registries/{id}", existingId).contentType(MediaType.APPLICATION_JSON).content(body)
            .with(csrf()).exchange();
    }

    static void assertProblem(MvcTestResult result, HttpStatus status, String expectedJson) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo(expectedJson);
        assertThat(result).bodyJson().hasPathSatisfying("$.title", title -> title.assertThat().asString().isNotBlank())
            .hasPathSatisfying("$.detail", detail -> detail.assertThat().asString().isNotBlank());
    }

    @Test
    void malformedJsonSaysWhere() {
        MvcTestResult result = post("""
            {"name": "x",
             "url": "https://x.example.com",,
            }""");

        assertProblem(result, HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:malformed-json", "status": 400,
             "detail": "the body is not valid JSON at line 2, column 33"}
            """);
    }

    @Test
    void anUnquotedPasswordInBrokenJsonIsNotEchoed() throws Exception {
        MvcTestResult result = post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u", "password": hunter2-unquoted}}
            """);

        assertProblem(result, HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:malformed-json"}
            """);
        assertThat(result.getResponse().getContentAsString()).doesNotContain("hunter2");
    }

    @Test
    void aMissingOrNonObjectBodyIsRefused() {
        assertProblem(post(""), HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:malformed-json", "detail": "a JSON body is required"}
            """);
        assertProblem(post("[1, 2]"), HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:malformed-json", "detail": "the body must be a JSON object at line 1, column 1"}
            """);
    }

    @Test
    void unknownFieldsAreNamed() {
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com", "lables": ["prod"]}
            """), HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:unknown-field", "detail": "unknown field 'lables'",
             "errors": [{"field": "lables"}]}
            """);
        MvcTestResult nested = post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u", "passwd": "pw"}}
            """);
        assertProblem(nested, HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:unknown-field", "detail": "unknown field 'credential.passwd'",
             "errors": [{"field": "credential.passwd",
                         "message": "is not a known field; known fields: [expiresAt, kind, password, token, username]"}]}
            """);
    }

    @Test
    void anUnknownProviderListsTheAllowedOnes() {
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com", "provider": "HARBR"}
            """), HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:invalid-value",
             "errors": [{"field": "provider", "message": "must be one of [DOCKER_HUB, HARBOR, NEXUS, ARTIFACTORY, ALIBABA_ACR, AZURE_ACR, ECR, GAR, GHCR, QUAY, GITLAB, DISTRIBUTION, OTHER]"}]}
            """);
    }

    @Test
    void wrongValueTypesNameTheField() {
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com", "insecure": "yes please"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "insecure", "message": "must be true or false"}]}
            """);
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"token": "t", "expiresAt": "next tuesday"}}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "credential.expiresAt", "message": "must be an ISO-8601 date-time such as 2030-01-31T12:00:00Z"}]}
            """);
    }

    @Test
    void aUrlWithV2OrAPathOrSpacesGetsAClearMessage() {
        assertProblem(post("""
            {"name": "x", "url": "https://harbor.example.com/v2/"}
            """), HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:validation", "title": "Invalid input",
             "detail": "url: must not end in /v2/: the console adds the API path itself; enter https://harbor.example.com",
             "errors": [{"field": "url", "message": "must not end in /v2/: the console adds the API path itself; enter https://harbor.example.com"}]}
            """);
        assertProblem(post("""
            {"name": "x", "url": "https://harbor.example.com/library/nginx"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "url", "message": "must not contain a path: a registry is addressed by scheme://host[:port] (enter https://harbor.example.com); a repository such as library/nginx belongs in the image reference"}]}
            """);
        assertProblem(post("""
            {"name": "x", "url": "https://harbor .example.com"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "url", "message": "must not contain spaces: enter scheme://host[:port], e.g. https://harbor.example.com"}]}
            """);
    }

    @Test
    void anAmbiguousIpv4AddressIsAFieldError() {
        // issue 12, finding 2: glibc reads 0177.0.0.2 as octal 127.0.0.2, Java as decimal 177.0.0.2
        for (String url : new String[] {"http://0177.0.0.2:5000", "http://2130706434:5000", "http://127.1:5000", "http://0:5000"}) {
            assertProblem(post("""
                {"name": "x", "url": "%s", "insecure": true}
                """.formatted(url)), HttpStatus.BAD_REQUEST, """
                {"errors": [{"field": "url", "message": "has an ambiguous IPv4 address: write it as four decimal numbers without leading zeros, e.g. 127.0.0.2 (leading zeros, hex, short or trailing-dot forms are read differently by different programs)"}]}
                """);
        }
    }

    @Test
    void anInvalidPemIsAFieldError() {
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com",
             "caCertificate": "-----BEGIN CERTIFICATE-----\\nnot really\\n-----END CERTIFICATE-----"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "caCertificate", "message": "certificate 1 of the bundle is not a valid X.509 certificate in PEM form"}]}
            """);
        assertProblem(post("""
            {"name": "x", "url": "https://x.example.com", "caCertificate": "just text"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "caCertificate"}]}
            """);
    }

    @Test
    void everyProblemOfARequestIsReportedAtOnce() {
        MvcTestResult result = post("""
            {"name": "Not A Name", "url": "ftp://x", "labels": ["ok", "bad label"],
             "credential": {"kind": "BASIC", "password": "pw"}}
            """);

        assertProblem(result, HttpStatus.BAD_REQUEST, """
            {"type": "urn:registry-console:problem:validation", "detail": "4 fields are invalid: credential.username, labels[1], name, url"}
            """);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field")
            .asArray().containsExactlyInAnyOrder("name", "url", "labels[1]", "credential.username");
    }

    @Test
    void credentialMistakesNeverEchoTheSecret() throws Exception {
        MvcTestResult both = post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u", "password": "pw-secret-1", "token": "tok-secret-2"}}
            """);
        assertProblem(both, HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "credential", "message": "give either a password or a token, not both"}]}
            """);
        MvcTestResult newline = post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u", "password": "pw-secret-3\\n"}}
            """);
        assertProblem(newline, HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "credential.password"}]}
            """);
        MvcTestResult noPassword = post("""
            {"name": "x", "url": "https://x.example.com", "credential": {"username": "u"}}
            """);
        assertProblem(noPassword, HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "credential.password", "message": "is required for a BASIC credential"}]}
            """);
        for (MvcTestResult result : List.of(both, newline)) {
            assertThat(result.getResponse().getContentAsString()).doesNotContain("pw-secret").doesNotContain("tok-secret");
        }
    }

    @Test
    void aFiveMegabyteBodyIsRefusedWith413() {
        String huge = "{\"name\": \"x\", \"url\": \"https://x.example.com\", \"description\": \"" + "a".repeat(5 * 1024 * 1024) + "\"}";

        assertProblem(post(huge), HttpStatus.CONTENT_TOO_LARGE, """
            {"type": "urn:registry-console:problem:payload-too-large", "status": 413,
             "detail": "the request body is larger than the limit of 1048576 bytes"}
            """);
    }

    @Test
    void putWithoutVersionIsRefused() {
        assertProblem(put("""
            {"name": "existing", "url": "https://existing.example.com", "description": "changed"}
            """), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "version", "message": "is required: send the version you last read"}]}
            """);
    }

    @Test
    void wrongContentTypeMethodPathAndIdGetProblems() {
        assertProblem(mvc.post().uri("/api/v1/registries").contentType(MediaType.TEXT_PLAIN).content("name=x").with(csrf())
            .exchange(), HttpStatus.UNSUPPORTED_MEDIA_TYPE, """
            {"type": "urn:registry-console:problem:unsupported-media-type", "status": 415,
             "detail": "the request has Content-Type text/plain; send Content-Type: application/json"}
            """);
        MvcTestResult patch = mvc.patch().uri("/api/v1/registries/{id}", existingId).contentType(MediaType.APPLICATION_JSON)
            .content("{}").with(csrf()).exchange();
        assertProblem(patch, HttpStatus.METHOD_NOT_ALLOWED, """
            {"type": "urn:registry-console:problem:method-not-allowed", "status": 405}
            """);
        assertThat(patch).headers().containsHeader("Allow");
        assertProblem(mvc.get().uri("/api/v1/no-such-thing").exchange(), HttpStatus.NOT_FOUND, """
            {"type": "urn:registry-console:problem:not-found"}
            """);
        assertProblem(mvc.get().uri("/api/v1/registries/abc").exchange(), HttpStatus.BAD_REQUEST, """
            {"errors": [{"field": "id", "message": "must be a number"}]}
            """);
        assertProblem(mvc.get().uri("/api/v1/registries/999999").exchange(), HttpStatus.NOT_FOUND, """
            {"detail": "no registry with id 999999"}
            """);
    }
}
