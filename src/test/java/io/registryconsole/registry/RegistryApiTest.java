package io.registryconsole.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.List;
import java.util.Map;

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

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
class RegistryApiTest {

    static final String HARBOR = """
        {"name": "harbor-prod", "url": "https://harbor.example.com/", "provider": "HARBOR",
         "caCertificate": %s,
         "credential": {"username": "robot$ci", "password": "s3cr3t-robot-pw"},
         "description": "production Harbor", "labels": ["prod", "eu"]}
        """;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registries;

    @BeforeEach
    void cleanTables() {
        TestTables.clean(jdbc);
    }

    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    MvcTestResult post(String body) {
        return mvc.post().uri("/api/v1/registries").contentType(MediaType.APPLICATION_JSON).content(body).with(csrf()).exchange();
    }

    MvcTestResult put(Object id, String body) {
        return mvc.put().uri("/api/v1/registries/{id}", id).contentType(MediaType.APPLICATION_JSON).content(body).with(csrf())
            .exchange();
    }

    static <T> T read(MvcTestResult result, String path) {
        try {
            return JsonPath.read(result.getResponse().getContentAsString(), path);
        }
        catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    long createHarbor() {
        MvcTestResult created = post(HARBOR.formatted(json(CaBundleTest.testCa())));
        assertThat(created).hasStatus(HttpStatus.CREATED);
        return ((Number) read(created, "$.id")).longValue();
    }

    @Test
    void createReadUpdateDelete() throws Exception {
        MvcTestResult created = post(HARBOR.formatted(json(CaBundleTest.testCa())));

        assertThat(created).hasStatus(HttpStatus.CREATED).hasContentType(MediaType.APPLICATION_JSON);
        long id = ((Number) read(created, "$.id")).longValue();
        assertThat(created).headers().hasValue("Location", "http://localhost/api/v1/registries/" + id);
        assertThat(created).bodyJson().isLenientlyEqualTo("""
            {"name": "harbor-prod", "url": "https://harbor.example.com", "provider": "HARBOR", "insecure": false,
             "tlsVerify": true,
             "caCertificate": {"subject": "CN=Registry Console Test CA,O=Registry Console Tests", "certificates": 1},
             "credential": {"kind": "BASIC", "username": "robot$ci", "expiresAt": null},
             "description": "production Harbor", "labels": ["eu", "prod"], "version": 0}
            """);
        assertThat((String) read(created, "$.caCertificate.notAfter")).startsWith("2126-");

        MvcTestResult fetched = mvc.get().uri("/api/v1/registries/{id}", id).exchange();
        assertThat(fetched).hasStatusOk().bodyJson().isStrictlyEqualTo(created.getResponse().getContentAsString());

        // PUT replaces; leaving credential out keeps the stored one
        MvcTestResult updated = put(id, """
            {"name": "harbor-prod", "url": "harbor.example.com:8443", "labels": ["prod"], "version": 0}
            """);
        assertThat(updated).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"url": "https://harbor.example.com:8443", "provider": "OTHER", "caCertificate": null,
             "credential": {"kind": "BASIC", "username": "robot$ci"}, "description": null, "labels": ["prod"], "version": 1}
            """);
        assertThat(registries.findAccess(id).orElseThrow().secret()).isEqualTo("s3cr3t-robot-pw");

        // "credential": null removes it
        assertThat(put(id, """
            {"name": "harbor-prod", "url": "harbor.example.com:8443", "credential": null, "version": 1}
            """)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"credential": null, "version": 2}
            """);
        assertThat(registries.findAccess(id).orElseThrow().secret()).isNull();
        assertThat(jdbc.queryForObject("select credential_secret from registry where id = ?", String.class, id)).isNull();

        assertThat(mvc.delete().uri("/api/v1/registries/{id}", id).with(csrf())).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/v1/registries/{id}", id)).hasStatus(HttpStatus.NOT_FOUND)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo("""
                {"type": "urn:registry-console:problem:not-found", "title": "Not found", "status": 404,
                 "detail": "no registry with id %d"}
                """.formatted(id));
    }

    @Test
    void tokenCredentialsAndKeepingTheSecretWhileChangingTheUsername() {
        MvcTestResult created = post("""
            {"name": "ghcr", "url": "ghcr.io", "credential": {"username": "octo", "token": "ghp_token123",
             "expiresAt": "2030-01-31T12:00:00Z"}}
            """);
        assertThat(created).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
            {"url": "https://ghcr.io", "provider": "GHCR",
             "credential": {"kind": "TOKEN", "username": "octo", "expiresAt": "2030-01-31T12:00:00Z"}}
            """);
        long id = ((Number) read(created, "$.id")).longValue();

        assertThat(put(id, """
            {"name": "ghcr", "url": "ghcr.io", "credential": {"username": "octocat"}, "version": 0}
            """)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"credential": {"kind": "TOKEN", "username": "octocat", "expiresAt": null}}
            """);
        RegistryAccess access = registries.findAccess(id).orElseThrow();
        assertThat(access.secret()).isEqualTo("ghp_token123");
        assertThat(access.credentialKind()).isEqualTo(CredentialKind.TOKEN);
        assertThat(access.toString()).doesNotContain("ghp_token123");

        // switching kind needs the new secret
        assertThat(put(id, """
            {"name": "ghcr", "url": "ghcr.io", "credential": {"kind": "BASIC", "username": "octocat"}, "version": 1}
            """)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
            {"errors": [{"field": "credential.password", "message": "is required for a BASIC credential"}]}
            """);
    }

    @Test
    void dockerHubAliasesAndInsecureRegistries() {
        assertThat(post("""
            {"name": "hub", "url": "docker.io"}
            """)).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
            {"url": "https://registry-1.docker.io", "provider": "DOCKER_HUB", "credential": null, "labels": []}
            """);
        assertThat(post("""
            {"name": "lab", "url": "registry.lab:5000", "insecure": true}
            """)).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
            {"url": "http://registry.lab:5000", "insecure": true, "tlsVerify": false}
            """);
    }

    @Test
    void listsArePagedFilteredAndSorted() {
        createHarbor();
        post("""
            {"name": "harbor-dev", "url": "https://harbor-dev.example.com", "provider": "HARBOR", "labels": ["dev"]}
            """);
        post("""
            {"name": "ghcr", "url": "https://ghcr.io", "labels": ["prod"]}
            """);

        assertThat(mvc.get().uri("/api/v1/registries")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "ghcr"}, {"name": "harbor-dev"}, {"name": "harbor-prod"}],
             "page": {"number": 0, "size": 20, "totalElements": 3, "totalPages": 1}}
            """);
        assertThat(mvc.get().uri("/api/v1/registries")).bodyJson().extractingPath("$.content[*].name").asArray()
            .containsExactly("ghcr", "harbor-dev", "harbor-prod");
        assertThat(mvc.get().uri("/api/v1/registries?name=HARBOR&sort=name,desc")).bodyJson().extractingPath("$.content[*].name")
            .asArray().containsExactly("harbor-prod", "harbor-dev");
        assertThat(mvc.get().uri("/api/v1/registries?label=prod")).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "ghcr"}, {"name": "harbor-prod"}]}
            """);
        assertThat(mvc.get().uri("/api/v1/registries?provider=GHCR")).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "ghcr"}], "page": {"totalElements": 1}}
            """);
        assertThat(mvc.get().uri("/api/v1/registries?name=har_&label=dev")).bodyJson().isLenientlyEqualTo("""
            {"content": [], "page": {"totalElements": 0}}
            """);
        assertThat(mvc.get().uri("/api/v1/registries?size=1&page=1")).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "harbor-dev"}], "page": {"number": 1, "size": 1, "totalElements": 3, "totalPages": 3}}
            """);
        assertThat(mvc.get().uri("/api/v1/registries?provider=HARBR")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
            .isLenientlyEqualTo("""
                {"errors": [{"field": "provider", "message": "must be one of [DOCKER_HUB, HARBOR, NEXUS, ARTIFACTORY, ALIBABA_ACR, AZURE_ACR, ECR, GAR, GHCR, QUAY, GITLAB, DISTRIBUTION, OTHER]"}]}
                """);
        assertThat(mvc.get().uri("/api/v1/registries?sort=credential.secret")).hasStatus(HttpStatus.BAD_REQUEST)
            .bodyJson().extractingPath("$.errors[0].field").isEqualTo("sort");
    }

    @Test
    void aStaleVersionIsRefusedAndChangesNothing() {
        long id = createHarbor();
        assertThat(put(id, """
            {"name": "harbor-prod", "url": "https://harbor.example.com", "description": "v1", "version": 0}
            """)).hasStatusOk();
        List<List<Map<String, Object>>> before = TestTables.contents(jdbc);

        MvcTestResult stale = put(id, """
            {"name": "harbor-prod", "url": "https://harbor.example.com", "description": "lost update", "version": 0}
            """);

        assertThat(stale).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo("""
                {"type": "urn:registry-console:problem:stale-version", "title": "Stale version", "status": 409}
                """);
        assertThat((String) read(stale, "$.detail")).contains("you sent version 0, the stored version is 1");
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);

        assertThat(mvc.delete().uri("/api/v1/registries/{id}?version=0", id).with(csrf())).hasStatus(HttpStatus.CONFLICT);
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    @Test
    void aDuplicateNameIsRefusedAndChangesNothing() {
        createHarbor();
        long other = ((Number) read(post("""
            {"name": "other", "url": "https://other.example.com"}
            """), "$.id")).longValue();
        List<List<Map<String, Object>>> before = TestTables.contents(jdbc);

        assertThat(post("""
            {"name": "harbor-prod", "url": "https://elsewhere.example.com"}
            """)).hasStatus(HttpStatus.CONFLICT).bodyJson().isLenientlyEqualTo("""
            {"type": "urn:registry-console:problem:duplicate-name", "status": 409,
             "detail": "a registry named 'harbor-prod' already exists; choose another name",
             "errors": [{"field": "name", "message": "is already taken"}]}
            """);
        assertThat(put(other, """
            {"name": "harbor-prod", "url": "https://other.example.com", "version": 0}
            """)).hasStatus(HttpStatus.CONFLICT).bodyJson().extractingPath("$.type")
            .isEqualTo("urn:registry-console:problem:duplicate-name");
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }
}
