package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

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
import io.registryconsole.environment.BindingRequest;
import io.registryconsole.environment.BindingView;
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.registry.CredentialChange;
import io.registryconsole.registry.CredentialRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;

/** The exports and import pages of an environment, as a viewer and as an admin. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ExportPagesTest {

    static final String SECRET = "page-secret-0123";

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

    MockHttpSession admin;
    MockHttpSession viewer;
    EnvironmentView env;

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = TestAccounts.signIn(mvc, accounts.user("root", Role.ADMIN));
        viewer = TestAccounts.signIn(mvc, accounts.user("vera", Role.VIEWER));
        RegistryView harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false,
            null, CredentialChange.set(CredentialRequest.basic("robot", SECRET)), null, null, null));
        env = environments.create(new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id())), null));
        jdbc.update("delete from audit_event");
    }

    @Test
    void viewerSeesFormatsWithoutSecretsButNotTheSecretOnes() throws Exception {
        mvc.perform(get("/environments/{id}/exports", env.id()).param("format", "containerd-hosts").session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("hosts.toml"), containsString("data-copy"),
                containsString("harbor.example.com"))));
        mvc.perform(get("/environments/{id}/exports", env.id()).param("format", "k8s-secret").param("reveal", "true")
                .session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("id=\"secret-notice\""), not(containsString("secret.yaml")),
                not(containsString("id=\"reveal\"")))));
        mvc.perform(get("/environments/{id}/exports/k8s-secret/file", env.id()).param("name", "secret.yaml").session(viewer))
            .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isZero();

        byte[] zip = mvc.perform(get("/environments/{id}/exports/zip", env.id()).session(viewer))
            .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        // a viewer's zip is built without logins: no file in it holds the password, in clear or base64
        assertThat(zipNames(zip)).anyMatch(n -> n.startsWith("docker-daemon/"));
        assertThat(zipText(zip)).doesNotContain(SECRET)
            .doesNotContain(java.util.Base64.getEncoder().encodeToString(("robot:" + SECRET).getBytes()));
    }

    @Test
    void adminRevealsASecretFormatAndThatIsAudited() throws Exception {
        mvc.perform(get("/environments/{id}/exports", env.id()).param("format", "k8s-secret").session(admin))
            .andExpect(content().string(allOf(containsString("id=\"reveal\""), not(containsString("secret.yaml")))));
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isZero();

        mvc.perform(get("/environments/{id}/exports", env.id()).param("format", "docker-config").param("reveal", "true")
                .session(admin))
            .andExpect(status().isOk())
            .andExpect(content().string(containsString("config.json")));
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'EXPORT' and entity_name = 'prod'",
            Integer.class)).isOne();
        assertThat(jdbc.queryForObject("select after_json from audit_event", String.class))
            .contains("docker-config").doesNotContain(SECRET);
    }

    @Test
    void thePushFormValidatesTheImageBesideTheFieldAndShowsLinesWithoutSecrets() throws Exception {
        mvc.perform(get("/environments/{id}/exports", env.id()).param("image", "Team/App:1.0").session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("id=\"push-image-error\""),
                containsString("is not an image reference with a tag"), containsString("aria-invalid=\"true\""),
                not(containsString("id=\"push-script\"")))));

        mvc.perform(get("/environments/{id}/exports", env.id()).param("image", "team/app:1.0").param("tool", "docker")
                .session(viewer))
            .andExpect(content().string(allOf(containsString("id=\"push-script\""), containsString("data-copy=\"push-script\""),
                containsString("docker push harbor.example.com/team/app:1.0"),
                containsString("docker login --username robot --password-stdin harbor.example.com"),
                not(containsString(SECRET)))));

        mvc.perform(get("/environments/{id}/exports", env.id()).param("image", "team/app:1.0").param("tool", "skopeo")
                .param("source", "oci-archive:app.tar").session(viewer))
            .andExpect(content().string(allOf(
                containsString("skopeo copy --all --dest-creds robot:&quot;$RC_HARBOR_PASSWORD&quot; oci-archive:app.tar"
                    + " docker://harbor.example.com/team/app:1.0"),
                not(containsString("docker push")), not(containsString(SECRET)), not(containsString("REDACTED")))));
        // showing push lines decrypts nothing, so nothing is audited
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Integer.class)).isZero();
    }

    @Test
    void runItHereLinksTheReplicationFormWithTheRepositoryThePushLinesUse() throws Exception {
        RegistryView first = registries.create(new RegistryRequest("ci", "https://ci.example.com", null, false, null, null, null, null, null));
        RegistryView edge = registries.create(new RegistryRequest("edge", "https://edge.example.com", null, false, null, null, null, null, null));
        EnvironmentView two = environments.create(new EnvironmentRequest("two", null, null, null, null,
            List.of(BindingRequest.primary(first.id()), BindingRequest.primary(edge.id())), null));
        // the image as CI built it, with a registry part: the push lines and the link drop it (team/app, not ci.example.com/team/app)
        mvc.perform(get("/environments/{id}/exports", two.id()).param("image", "ci.example.com/team/app:1.0").param("tool", "skopeo")
                .session(viewer))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("docker://edge.example.com/team/app:1.0"), containsString("id=\"push-run-here\""),
                containsString("repositories=team/app&amp;"), containsString("sourceRegistryId=" + first.id()),
                containsString("targetRegistryId=" + edge.id()), not(containsString("repositories=ci.example.com")))));
    }

    @Test
    void importPreviewChangesNothingAndConfirmApplies() throws Exception {
        String daemonJson = "{\"registry-mirrors\": [\"https://mirror.example.com\"], \"max-concurrent-downloads\": 7}";
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/" + env.id() + "/import");
        var before = TestTables.contents(jdbc);

        String preview = mvc.perform(post("/environments/{id}/import/preview", env.id()).session(admin).param("_csrf", csrf)
                .param("format", "docker-daemon").param("content", daemonJson))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("id=\"plan\""), containsString("mirror.example.com"),
                containsString("id=\"confirm-import\""))))
            .andReturn().getResponse().getContentAsString();
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);

        mvc.perform(post("/environments/{id}/import/apply", env.id()).session(admin).param("_csrf", csrf)
                .param("pendingId", pendingId(preview)))
            .andExpect(redirectedUrl("/environments"));
        EnvironmentView after = environments.get(env.id());
        assertThat(after.maxConcurrentDownloads()).isEqualTo(7);
        assertThat(after.registries()).extracting(BindingView::registryUrl)
            .contains("https://harbor.example.com", "https://mirror.example.com");
        assertThat(after.registries()).filteredOn(b -> "https://mirror.example.com".equals(b.registryUrl()))
            .extracting(BindingView::mirrorOf).containsExactly("docker.io");
    }

    @Test
    void aPastedLoginNeverGoesBackToTheBrowserAndConfirmStillAppliesIt() throws Exception {
        String pasted = "imported-secret-4711";
        String auth = java.util.Base64.getEncoder().encodeToString(("ci:" + pasted).getBytes());
        String configJson = "{\"auths\": {\"build.example.com:5000\": {\"auth\": \"" + auth + "\"}}}";
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/" + env.id() + "/import");

        String preview = mvc.perform(post("/environments/{id}/import/preview", env.id()).session(admin).param("_csrf", csrf)
                .param("format", "docker-config").param("content", configJson))
            .andExpect(status().isOk())
            .andExpect(content().string(allOf(containsString("build.example.com:5000"), containsString("id=\"confirm-import\""))))
            .andReturn().getResponse().getContentAsString();
        assertThat(preview).doesNotContain(pasted).doesNotContain(auth).doesNotContain("auths");

        // another user (even an admin) cannot spend the id, and an unknown id changes nothing
        MockHttpSession otherAdmin = TestAccounts.signIn(mvc, TestAccounts.in(context).user("rita", Role.ADMIN));
        String otherCsrf = TestAccounts.csrfToken(mvc, otherAdmin, "/environments/" + env.id() + "/import");
        var before = TestTables.contents(jdbc);
        for (var attempt : List.of(List.of(otherAdmin, otherCsrf, pendingId(preview)), List.of(admin, csrf, "no-such-id"))) {
            mvc.perform(post("/environments/{id}/import/apply", env.id()).session((MockHttpSession) attempt.get(0))
                    .param("_csrf", (String) attempt.get(1)).param("pendingId", (String) attempt.get(2)))
                .andExpect(status().isConflict())
                .andExpect(content().string(allOf(containsString("id=\"import-error\""),
                    containsString("no longer available"), containsString("Nothing was changed"))));
        }
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);

        mvc.perform(post("/environments/{id}/import/apply", env.id()).session(admin).param("_csrf", csrf)
                .param("pendingId", pendingId(preview)))
            .andExpect(redirectedUrl("/environments"));
        RegistryView created = registries.allSummaries().stream().filter(r -> r.url().equals("https://build.example.com:5000"))
            .map(r -> registries.get(r.id())).findFirst().orElseThrow();
        assertThat(registries.findAccess(created.id()).orElseThrow().secret()).isEqualTo(pasted);

        // taken once: confirming the same preview again is stale
        mvc.perform(post("/environments/{id}/import/apply", env.id()).session(admin).param("_csrf", csrf)
                .param("pendingId", pendingId(preview)))
            .andExpect(status().isConflict());
    }

    @Test
    void aMirrorWithAPathIsAProblemOfThePreviewAndNothingChanges() throws Exception {
        String hostsToml = """
            server = "https://registry-1.docker.io"

            [host."https://harbor.example.com/v2/proxy-cache"]
              capabilities = ["pull", "resolve"]
              override_path = true
            """;
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/" + env.id() + "/import");
        var before = TestTables.contents(jdbc);

        mvc.perform(post("/environments/{id}/import/preview", env.id()).session(admin).param("_csrf", csrf)
                .param("format", "containerd-hosts").param("upstreamHost", "docker.io").param("content", hostsToml))
            .andExpect(status().isUnprocessableContent())
            .andExpect(content().string(allOf(containsString("id=\"import-problems\""),
                containsString("line 3: registry https://harbor.example.com/v2/proxy-cache: has a path (/proxy-cache)"),
                not(containsString("id=\"confirm-import\"")), not(containsString("name=\"pendingId\"")))));
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    @Test
    void anInvalidFileNamesTheLineAndChangesNothing() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/" + env.id() + "/import");
        var before = TestTables.contents(jdbc);

        mvc.perform(post("/environments/{id}/import/preview", env.id()).session(admin).param("_csrf", csrf)
                .param("format", "docker-daemon").param("content", "{\n  \"registry-mirrors\": [\n    42,\n"))
            .andExpect(status().isUnprocessableContent())
            .andExpect(content().string(allOf(containsString("id=\"import-problems\""), containsString("line"))));
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
        mvc.perform(get("/environments/{id}/import", env.id()).session(viewer)).andExpect(status().isForbidden());
    }

    private static String pendingId(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"pendingId\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a pendingId field in the preview").isTrue();
        return m.group(1);
    }

    private static String zipText(byte[] zip) throws Exception {
        StringBuilder text = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                text.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    private static List<String> zipNames(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
