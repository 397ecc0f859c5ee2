package io.registryconsole.environment;

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
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
class EnvironmentApiTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registries;

    long harbor;
    long mirror;

    @BeforeEach
    void twoRegistries() {
        TestTables.clean(jdbc);
        harbor = registries.create(new RegistryRequest("harbor-prod", "https://harbor.example.com", null, null, null,
            CredentialChange.set(CredentialRequest.basic("robot", "pw")), null, null, null)).id();
        mirror = registries.create(new RegistryRequest("hub-mirror", "https://mirror.example.com", null, null, null,
            null, null, null, null)).id();
    }

    MvcTestResult post(String body) {
        return mvc.post().uri("/api/v1/environments").contentType(MediaType.APPLICATION_JSON).content(body).with(csrf()).exchange();
    }

    MvcTestResult put(long id, String body) {
        return mvc.put().uri("/api/v1/environments/{id}", id).contentType(MediaType.APPLICATION_JSON).content(body)
            .with(csrf()).exchange();
    }

    static long id(MvcTestResult result) throws Exception {
        return ((Number) JsonPath.read(result.getResponse().getContentAsString(), "$.id")).longValue();
    }

    String prod() {
        return """
            {"name": "prod", "description": "production cluster", "platform": "linux/arm64", "pullPolicy": "Always",
             "maxConcurrentDownloads": 5,
             "registries": [{"registryId": %d, "role": "PRIMARY"},
                            {"registryId": "%d", "role": "MIRROR", "mirrorOf": "index.docker.io", "priority": 1}]}
            """.formatted(harbor, mirror);
    }

    @Test
    void createReadUpdateDelete() throws Exception {
        MvcTestResult created = post(prod());

        assertThat(created).hasStatus(HttpStatus.CREATED).bodyJson().isLenientlyEqualTo("""
            {"name": "prod", "description": "production cluster", "platform": "linux/arm64", "pullPolicy": "Always",
             "maxConcurrentDownloads": 5, "version": 0,
             "registries": [
               {"registryId": %d, "registryName": "harbor-prod", "registryUrl": "https://harbor.example.com",
                "role": "PRIMARY", "mirrorOf": null, "priority": 0},
               {"registryId": %d, "registryName": "hub-mirror", "role": "MIRROR", "mirrorOf": "docker.io", "priority": 1}]}
            """.formatted(harbor, mirror));
        long id = id(created);
        assertThat(created).headers().hasValue("Location", "http://localhost/api/v1/environments/" + id);
        assertThat(created).bodyJson().extractingPath("$.registries[*].registryId").asArray()
            .containsExactly((int) harbor, (int) mirror);
        assertThat(mvc.get().uri("/api/v1/environments/{id}", id)).hasStatusOk().bodyJson()
            .isStrictlyEqualTo(created.getResponse().getContentAsString());

        // reorder and change the bindings; left-out settings take their defaults
        MvcTestResult updated = put(id, """
            {"name": "prod", "version": 0,
             "registries": [{"registryId": %d, "role": "MIRROR", "mirrorOf": "docker.io"}, {"registryId": %d, "role": "PRIMARY"}]}
            """.formatted(mirror, harbor));
        assertThat(updated).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"platform": "linux/amd64", "pullPolicy": "IfNotPresent", "maxConcurrentDownloads": 3, "description": null,
             "version": 1,
             "registries": [{"registryId": %d, "role": "MIRROR", "priority": 0}, {"registryId": %d, "role": "PRIMARY"}]}
            """.formatted(mirror, harbor));
        assertThat(updated).bodyJson().extractingPath("$.registries[*].registryName").asArray()
            .containsExactly("hub-mirror", "harbor-prod");
        assertThat(mvc.get().uri("/api/v1/environments/{id}", id)).bodyJson().extractingPath("$.registries[*].registryName")
            .asArray().containsExactly("hub-mirror", "harbor-prod");

        assertThat(mvc.delete().uri("/api/v1/environments/{id}", id).with(csrf())).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/v1/environments/{id}", id)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("select count(*) from environment_registry", Integer.class)).isZero();
        assertThat(registries.exists(harbor)).isTrue();
    }

    @Test
    void oneRegistryServesManyEnvironmentsAndCannotBeDeletedWhileBound() throws Exception {
        long prod = id(post(prod()));
        long staging = id(post("""
            {"name": "staging", "registries": [{"registryId": %d, "role": "PRIMARY"}]}
            """.formatted(harbor)));
        List<List<Map<String, Object>>> before = TestTables.contents(jdbc);

        MvcTestResult refused = mvc.delete().uri("/api/v1/registries/{id}", harbor).with(csrf()).exchange();

        assertThat(refused).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo("""
                {"type": "urn:registry-console:problem:in-use", "title": "Still in use", "status": 409,
                 "detail": "registry 'harbor-prod' is still used by environments prod, staging; remove it from there first"}
                """);
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);

        assertThat(mvc.get().uri("/api/v1/environments?registryId={id}", harbor)).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "prod"}, {"name": "staging"}], "page": {"totalElements": 2}}
            """);
        assertThat(mvc.get().uri("/api/v1/environments?registryId={id}", mirror)).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "prod"}], "page": {"totalElements": 1}}
            """);
        assertThat(mvc.get().uri("/api/v1/environments?name=STAG")).bodyJson().isLenientlyEqualTo("""
            {"content": [{"name": "staging"}], "page": {"totalElements": 1}}
            """);

        put(prod, """
            {"name": "prod", "registries": [{"registryId": %d, "role": "MIRROR", "mirrorOf": "docker.io"}], "version": 0}
            """.formatted(mirror));
        mvc.delete().uri("/api/v1/environments/{id}", staging).with(csrf()).exchange();
        assertThat(mvc.delete().uri("/api/v1/registries/{id}", harbor).with(csrf())).hasStatus(HttpStatus.NO_CONTENT);
    }

    @Test
    void bindingRulesAreCheckedFieldByField() {
        List<List<Map<String, Object>>> before = TestTables.contents(jdbc);

        MvcTestResult result = post("""
            {"name": "bad", "platform": "linux/x86_64", "maxConcurrentDownloads": 65,
             "registries": [{"registryId": 999999, "role": "PRIMARY"},
                            {"registryId": %d, "role": "MIRROR"},
                            {"registryId": %d, "role": "PRIMARY", "mirrorOf": "docker.io"},
                            {"registryId": %d, "role": "MIRROR", "mirrorOf": "https://docker.io"},
                            {"registryId": %d, "role": "MIRROR", "mirrorOf": "mirror.example.com"},
                            {"registryId": %d, "role": "MIRROR", "mirrorOf": "docker.io", "priority": -1},
                            {"role": "PRIMARY"}]}
            """.formatted(mirror, harbor, mirror, mirror, mirror));

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson().isLenientlyEqualTo("""
                {"type": "urn:registry-console:problem:validation", "errors": [
                  {"field": "maxConcurrentDownloads", "message": "must be less than or equal to 64"},
                  {"field": "platform"},
                  {"field": "registries[0].registryId", "message": "no registry with id 999999"},
                  {"field": "registries[1].mirrorOf", "message": "is required for a MIRROR: the upstream it mirrors, e.g. docker.io"},
                  {"field": "registries[2].mirrorOf", "message": "only a MIRROR has mirrorOf"},
                  {"field": "registries[3].mirrorOf", "message": "is the upstream host as image names spell it, without scheme, e.g. docker.io"},
                  {"field": "registries[4].mirrorOf", "message": "names registry 'hub-mirror' itself; a mirror stands in for another registry"},
                  {"field": "registries[5].priority", "message": "must be greater than or equal to 0"},
                  {"field": "registries[6].registryId", "message": "must not be null"}]}
                """);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("maxConcurrentDownloads",
            "platform", "registries[0].registryId", "registries[1].mirrorOf", "registries[2].mirrorOf", "registries[3].mirrorOf",
            "registries[4].mirrorOf", "registries[5].priority", "registries[6].registryId");
        assertThat(result).bodyJson().extractingPath("$.errors[1].message").asString()
            .contains("unknown architecture").contains("amd64");
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    @Test
    void unknownEnumValuesDuplicatesAndStaleVersionsChangeNothing() throws Exception {
        long prod = id(post(prod()));
        List<List<Map<String, Object>>> before = TestTables.contents(jdbc);

        assertThat(post("""
            {"name": "x", "pullPolicy": "always"}
            """)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
            {"errors": [{"field": "pullPolicy", "message": "must be one of [Always, IfNotPresent, Never]"}]}
            """);
        assertThat(post("""
            {"name": "x", "registries": [{"registryId": %d, "role": "SECONDARY"}]}
            """.formatted(harbor))).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
            {"errors": [{"field": "registries[0].role", "message": "must be one of [PRIMARY, MIRROR]"}]}
            """);
        assertThat(post("""
            {"name": "x", "registries": [{"registryId": %d, "role": "PRIMARY"}, {"registryId": %d, "role": "PRIMARY"}]}
            """.formatted(harbor, harbor))).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
            {"errors": [{"field": "registries[1]", "message": "binds registry 'harbor-prod' a second time in the same role"}]}
            """);
        assertThat(post(prod())).hasStatus(HttpStatus.CONFLICT).bodyJson().isLenientlyEqualTo("""
            {"type": "urn:registry-console:problem:duplicate-name",
             "detail": "an environment named 'prod' already exists; choose another name"}
            """);
        assertThat(put(prod, """
            {"name": "prod", "version": 7}
            """)).hasStatus(HttpStatus.CONFLICT).bodyJson().isLenientlyEqualTo("""
            {"type": "urn:registry-console:problem:stale-version"}
            """);
        assertThat(post("""
            {"name": "x", "registries": [{"registryId": %d, "role": "PRIMARY", "weight": 3}]}
            """.formatted(harbor))).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().isLenientlyEqualTo("""
            {"type": "urn:registry-console:problem:unknown-field", "errors": [{"field": "registries[0].weight"}]}
            """);
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }
}
