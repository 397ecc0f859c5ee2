package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;

/**
 * The diff against the last download, on the exports page and the API, over the real table (H2 and PostgreSQL):
 * what is stored, who sees what, and that no secret is stored in clear or shown in a diff.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ExportDownloadDiffTest {

    static final String SECRET = "diff-secret-0123";
    static final String NEW_SECRET = "diff-secret-4567";

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
    TestUser viewer;
    MockHttpSession viewerSession;
    MockHttpSession adminSession;
    RegistryView harbor;
    RegistryView mirror;
    EnvironmentView env;

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("root", Role.ADMIN);
        viewer = accounts.user("vera", Role.VIEWER);
        adminSession = TestAccounts.signIn(mvc, admin);
        viewerSession = TestAccounts.signIn(mvc, viewer);
        harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false, null,
            CredentialChange.set(CredentialRequest.basic("robot", SECRET)), null, null, null));
        mirror = registries.create(new RegistryRequest("hub-mirror", "https://mirror.example.com", null, false, null, null,
            null, null, null));
        env = environments.create(new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id())), null));
    }

    @Test
    void thePageShowsWhetherAFileChangedSinceItsLastDownloadAndTheDiff() throws Exception {
        page("docker-daemon", viewerSession).andExpect(content().string(containsString("data-status=\"NOT_DOWNLOADED\"")));

        mvc.perform(get("/environments/{id}/exports/docker-daemon/file", env.id()).param("name", "daemon.json")
                .session(viewerSession))
            .andExpect(status().isOk());
        page("docker-daemon", viewerSession).andExpect(content().string(allOf(containsString("data-status=\"UNCHANGED\""),
            containsString("Same as the download by vera at "))));

        environments.update(env.id(), new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id()), BindingRequest.mirror(mirror.id(), "docker.io", 1)), env.version()));

        page("docker-daemon", viewerSession).andExpect(content().string(allOf(containsString("data-status=\"CHANGED\""),
            containsString("Differs from the download by vera"), containsString("--- last-download/daemon.json"),
            containsString("+++ current/daemon.json"), containsString("+  &quot;registry-mirrors&quot;"),
            containsString("https://mirror.example.com"))));

        // the same through the API; a file the environment did not have before is NOT_DOWNLOADED
        String json = mvc.perform(get("/api/v1/environments/{id}/exports/docker-daemon/diff", env.id())
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.format").value("docker-daemon"))
            .andExpect(jsonPath("$.files[0].path").value("daemon.json"))
            .andExpect(jsonPath("$.files[0].status").value("CHANGED"))
            .andExpect(jsonPath("$.files[0].downloadedBy").value("vera"))
            .andReturn().getResponse().getContentAsString();
        String diff = com.jayway.jsonpath.JsonPath.read(json, "$.files[0].diff");
        assertThat(diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")))
            .anyMatch(l -> l.contains("registry-mirrors"));
        assertThat(diff).startsWith("--- last-download/daemon.json\n+++ current/daemon.json\n@@ -");
    }

    @Test
    void aSecretFormatIsStoredRedactedAndEncryptedAndItsDiffNeverShowsASecret() throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/docker-config", env.id()).param("file", "config.json")
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString(base64("robot:" + SECRET))));

        Map<String, Object> row = jdbc.queryForMap("select * from export_download where format = 'docker-config'");
        String stored = String.valueOf(row.get("redacted_content")) + row.get("content_encrypted");
        assertThat(stored).doesNotContain(SECRET).doesNotContain(base64("robot:" + SECRET))
            .contains(base64("robot:" + ExportDiffs.PLACEHOLDER));
        assertThat(String.valueOf(row.get("content_encrypted"))).startsWith("v1:");
        assertThat(row.get("downloaded_by")).isEqualTo("root");

        RegistryView current = registries.get(harbor.id());
        registries.update(harbor.id(), new RegistryRequest("harbor", current.url(), current.provider(), false, null,
            CredentialChange.set(CredentialRequest.basic("robot", NEW_SECRET)), null, null, current.version()));

        String json = mvc.perform(get("/api/v1/environments/{id}/exports/docker-config/diff", env.id())
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.files[0].status").value("CHANGED"))
            .andExpect(jsonPath("$.files[0].loginChanged").value(true))
            .andExpect(jsonPath("$.files[0].diff").value(""))
            .andReturn().getResponse().getContentAsString();
        assertThat(json).doesNotContain(SECRET).doesNotContain(NEW_SECRET)
            .doesNotContain(base64("robot:" + SECRET)).doesNotContain(base64("robot:" + NEW_SECRET));

        page("docker-config&reveal=true", adminSession)
            .andExpect(content().string(allOf(containsString("A password or token changed since (not shown)."),
                not(containsString(base64("robot:" + SECRET))))));

        // a viewer gets neither the format nor its diff; an unknown format is a problem detail
        mvc.perform(get("/api/v1/environments/{id}/exports/docker-config/diff", env.id())
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isForbidden())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/v1/environments/{id}/exports/no-such-format/diff", env.id())
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isNotFound())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void aZipIsTheLastDownloadOfEveryFileInIt() throws Exception {
        mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(adminSession)).andExpect(status().isOk());

        assertThat(jdbc.queryForList("select distinct format from export_download order by format", String.class))
            .containsExactly("containerd-hosts", "containers-policy", "docker-config", "docker-daemon", "k3s-registries",
                "k8s-secret", "nginx-proxy", "registries-conf", "registries-d");
        assertThat(jdbc.queryForList("select redacted_content from export_download", String.class))
            .noneMatch(c -> c.contains(SECRET) || c.contains(base64("robot:" + SECRET)));
        mvc.perform(get("/api/v1/environments/{id}/exports/k8s-secret/diff", env.id())
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.files[*].status").value(org.hamcrest.Matchers.everyItem(
                org.hamcrest.Matchers.is("UNCHANGED"))));

        // a file downloaded once and no longer generated is listed until a zip replaces the whole format
        EnvironmentView withMirror = environments.update(env.id(), new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id()), BindingRequest.mirror(mirror.id(), "docker.io", 1)), env.version()));
        mvc.perform(get("/api/v1/environments/{id}/exports/containerd-hosts", env.id()).param("file", "docker.io/hosts.toml")
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk());
        env = environments.update(env.id(), new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id())), withMirror.version()));
        mvc.perform(get("/api/v1/environments/{id}/exports/containerd-hosts/diff", env.id())
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(jsonPath("$.files[?(@.path == 'docker.io/hosts.toml')].status").value(
                org.hamcrest.Matchers.contains("NO_LONGER_GENERATED")));
        page("containerd-hosts", viewerSession).andExpect(content().string(allOf(
            containsString("id=\"no-longer-generated\""), containsString("no longer generated: remove it from the nodes"))));
        mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(adminSession)).andExpect(status().isOk());
        assertThat(jdbc.queryForList("select file_name from export_download where format = 'containerd-hosts'", String.class))
            .doesNotContain("docker.io/hosts.toml").isNotEmpty();

        // a download of the environment is deleted with it
        environments.delete(env.id(), env.version());
        assertThat(jdbc.queryForObject("select count(*) from export_download", Integer.class)).isZero();
    }

    /** Finding 7: a viewer's zip (formats with logins left out or stripped) must not replace the admin's record of them. */
    @Test
    void aViewersZipLeavesTheAdminsRecordOfFormatsWithLoginsAlone() throws Exception {
        mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(adminSession)).andExpect(status().isOk());
        List<Map<String, Object>> adminsRecord = jdbc.queryForList("select file_name, redacted_content, content_encrypted,"
            + " downloaded_by from export_download where format in ('docker-config', 'k3s-registries', 'k8s-secret') order by format, file_name");
        assertThat(adminsRecord).isNotEmpty().allSatisfy(row -> assertThat(row.get("downloaded_by")).isEqualTo("root"));

        mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(viewerSession)).andExpect(status().isOk());

        assertThat(jdbc.queryForList("select file_name, redacted_content, content_encrypted, downloaded_by from export_download"
            + " where format in ('docker-config', 'k3s-registries', 'k8s-secret') order by format, file_name")).isEqualTo(adminsRecord);
        for (String format : List.of("docker-config", "k3s-registries", "k8s-secret")) {
            mvc.perform(get("/api/v1/environments/{id}/exports/{format}/diff", env.id(), format)
                    .header(AUTHORIZATION, admin.basicAuth()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.files[*].status").value(org.hamcrest.Matchers.everyItem(
                    org.hamcrest.Matchers.is("UNCHANGED"))));
        }
        // what the viewer did receive is recorded as theirs
        assertThat(jdbc.queryForList("select distinct downloaded_by from export_download where format = 'docker-daemon'",
            String.class)).containsExactly("vera");
    }

    @Test
    void theDiffIsInTheOpenApiDocumentWithItsProblems() throws Exception {
        String document = mvc.perform(get("/v3/api-docs").header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Map<String, Object> responses = com.jayway.jsonpath.JsonPath.read(document,
            "$.paths['/api/v1/environments/{id}/exports/{format}/diff'].get.responses");
        assertThat(responses).containsKeys("200", "400", "403", "404");
        assertThat(com.jayway.jsonpath.JsonPath.<Map<String, Object>>read(document,
            "$.components.schemas.ExportFileDiff.properties")).containsKeys("path", "status", "downloadedAt",
            "downloadedBy", "loginChanged", "diff");
    }

    private org.springframework.test.web.servlet.ResultActions page(String format, MockHttpSession session)
        throws Exception {
        return mvc.perform(get("/environments/" + env.id() + "/exports?format=" + format).session(session))
            .andExpect(status().isOk());
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }
}
