package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.environment.ProxyRequest;
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;

/** The export API over a stored environment: every format, who may fetch which, the audit of secret exports. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ExportApiTest {

    static final String SECRET = "harbor-pass-0123";
    static final String PROXY_SECRET = "proxy-pass-4567";

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
    EnvironmentView env;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("root", Role.ADMIN);
        viewer = accounts.user("vera", Role.VIEWER);
        RegistryView harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false,
            null, CredentialChange.set(CredentialRequest.basic("robot", SECRET)), null, null, null));
        RegistryView mirror = registries.create(new RegistryRequest("hub-mirror", "http://mirror.example.com:5000", null,
            true, null, null, null, null, null));
        env = environments.create(new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id()), BindingRequest.mirror(mirror.id(), "docker.io", 1)), null, null,
            new ProxyRequest("http://proxy.corp:3128", null, ".corp", "node", PROXY_SECRET)));
        jdbc.update("delete from audit_event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-daemon", "containerd-hosts", "registries-conf", "nginx-proxy"})
    void aViewerGetsEveryFormatWithoutSecrets(String format) throws Exception {
        String json = mvc.perform(get("/api/v1/environments/{id}/exports/{format}", env.id(), format)
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.format").value(format))
            .andExpect(jsonPath("$.holdsSecrets").value(false))
            .andReturn().getResponse().getContentAsString();
        List<String> paths = JsonPath.read(json, "$.files[*].path");
        assertThat(paths).isNotEmpty();
        assertThat(json).contains("mirror.example.com").doesNotContain(SECRET);

        // ?file= gives that one file as text, exactly as listed
        String first = paths.get(0);
        String content = JsonPath.read(json, "$.files[0].content");
        mvc.perform(get("/api/v1/environments/{id}/exports/{format}", env.id(), format).param("file", first)
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(content().string(content));
    }

    @Test
    void daemonJsonComesAsJsonText() throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/docker-daemon", env.id()).param("file", "daemon.json")
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/json")))
            .andExpect(jsonPath("$.registry-mirrors").value(hasItem("http://mirror.example.com:5000")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s-secret", "docker-config", "k3s-registries"})
    void secretFormatsAreForAdminsOnlyAndAudited(String format) throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/{format}", env.id(), format)
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isZero();

        String json = mvc.perform(get("/api/v1/environments/{id}/exports/{format}", env.id(), format)
                .param("secretNamespace", "apps").param("secretName", "pull")
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.holdsSecrets").value(true))
            .andReturn().getResponse().getContentAsString();

        List<Map<String, Object>> rows = jdbc.queryForList("select * from audit_event");
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("ACTION") != null ? row.get("ACTION") : row.get("action")).isEqualTo("EXPORT");
        String all = row.toString();
        assertThat(all).contains("prod", format, "root", "harbor")
            .doesNotContain(SECRET).doesNotContain(base64("robot:" + SECRET));
    }

    @Test
    void k8sSecretUsesTheChosenNamespaceAndBadOptionsGetAFieldError() throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/k8s-secret", env.id()).param("file", "secret.yaml")
                .param("secretNamespace", "apps").header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(content().string(org.hamcrest.Matchers.containsString("apps")));
        mvc.perform(get("/api/v1/environments/{id}/exports/k8s-secret", env.id())
                .param("secretNamespace", "Not_A_Label").header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.errors[0].field").value("secretNamespace"));
        mvc.perform(get("/api/v1/environments/{id}/exports/no-such-format", env.id()).header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isNotFound());
    }

    @Test
    void theZipHoldsEveryFormatForAdminsOnly() throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/docker-daemon", env.id()).param("download", "zip")
                .header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isForbidden());

        byte[] zip = mvc.perform(get("/api/v1/environments/{id}/exports", env.id()).param("download", "zip")
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", "application/zip"))
            .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")))
            .andReturn().getResponse().getContentAsByteArray();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        for (Format format : Format.values()) {
            assertThat(names).anyMatch(n -> n.startsWith(format.id() + "/"));
        }
        assertThat(names).contains("WARNINGS.txt");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'EXPORT'", Integer.class)).isOne();
    }

    @Test
    void proxyDropInsAreForAdminsOnlyAuditedAndTheirDiffsRedacted() throws Exception {
        mvc.perform(get("/api/v1/environments/{id}/exports/proxy-drop-ins", env.id()).header(AUTHORIZATION, viewer.basicAuth()))
            .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isZero();

        String json = mvc.perform(get("/api/v1/environments/{id}/exports/proxy-drop-ins", env.id())
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.holdsSecrets").value(true))
            .andExpect(jsonPath("$.files[0].path").value("docker.service.d/http-proxy.conf"))
            .andExpect(jsonPath("$.files[0].installPath").value("/etc/systemd/system/docker.service.d/http-proxy.conf"))
            .andReturn().getResponse().getContentAsString();
        assertThat(json).contains("http://node:" + PROXY_SECRET + "@proxy.corp:3128").doesNotContain(SECRET);
        List<Map<String, Object>> rows = jdbc.queryForList("select * from audit_event");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).toString()).contains("EXPORT", "proxy-drop-ins", "prod", "root", "proxyPassword")
            .doesNotContain(PROXY_SECRET);

        // one file downloaded, then the password changes: the diff says so without showing either
        mvc.perform(get("/api/v1/environments/{id}/exports/proxy-drop-ins", env.id()).param("file", "docker.service.d/http-proxy.conf")
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(content().string(org.hamcrest.Matchers.containsString("node:" + PROXY_SECRET + "@")));
        assertThat(jdbc.queryForObject("select redacted_content from export_download where format = 'proxy-drop-ins'", String.class))
            .contains("node:" + ExportDiffs.PLACEHOLDER + "@").doesNotContain(PROXY_SECRET);
        EnvironmentView current = environments.get(env.id());
        environments.update(env.id(), new EnvironmentRequest("prod", null, null, null, null,
            current.registries().stream().map(b -> b.role().name().equals("MIRROR") ? BindingRequest.mirror(b.registryId(),
                b.mirrorOf(), b.priority()) : BindingRequest.primary(b.registryId())).toList(), current.version(), null,
            new ProxyRequest("http://proxy.corp:3128", null, ".corp", "node", "new-proxy-pass")));
        String diff = mvc.perform(get("/api/v1/environments/{id}/exports/proxy-drop-ins/diff", env.id())
                .header(AUTHORIZATION, admin.basicAuth()))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.files[0].status").value("CHANGED"))
            .andExpect(jsonPath("$.files[0].loginChanged").value(true))
            .andReturn().getResponse().getContentAsString();
        assertThat(diff).doesNotContain(PROXY_SECRET).doesNotContain("new-proxy-pass");
    }

    @Test
    void aViewersZipHasTheProxyDropInsWithoutThePassword() throws Exception {
        byte[] zip = mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(TestAccounts.signIn(mvc, viewer)))
            .andExpect(status().isOk())
            .andReturn().getResponse().getContentAsByteArray();
        String dropIn = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).doesNotContain(PROXY_SECRET).doesNotContain(SECRET);
                if (e.getName().equals("proxy-drop-ins/docker.service.d/http-proxy.conf")) {
                    dropIn = text;
                }
            }
        }
        assertThat(dropIn).contains("HTTP_PROXY=http://node@proxy.corp:3128", "password is left out");
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'EXPORT'", Integer.class)).isZero();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
