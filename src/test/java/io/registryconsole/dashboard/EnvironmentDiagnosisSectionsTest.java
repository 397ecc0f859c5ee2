package io.registryconsole.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

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
import io.registryconsole.environment.EnvironmentRequest;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.environment.EnvironmentView;
import io.registryconsole.environment.ProxyRequest;
import io.registryconsole.environment.TrustRequest;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;
import io.registryconsole.registry.RegistryView;
import io.registryconsole.trust.ComplianceService;

/**
 * The environment page's trust and diagnosis sections: the signature policy with key fingerprints, the last compliance
 * score (only once a report was made) and its link; the nodes' proxy without its password; the clock offsets of the
 * latest probes of the environment's registries; the link to the plan with measurement.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class EnvironmentDiagnosisSectionsTest {

    static final String PROXY_PASSWORD = "proxy-secret-24680";

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
    @Autowired
    ComplianceService compliance;

    MockHttpSession viewer;

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        viewer = TestAccounts.signIn(mvc, accounts.user("vera", Role.VIEWER));
    }

    @Test
    void trustPolicyKeysAndTheLastComplianceScore() throws Exception {
        // no registries: the compliance report measures nothing over the network
        EnvironmentView env = environments.create(new EnvironmentRequest("signed", null, null, null, null, List.of(), null,
            new TrustRequest(true, List.of(ecPublicKeyPem()))));
        String fingerprint = environments.get(env.id()).trust().publicKeys().get(0).fingerprint();

        String before = page(env.id());
        assertThat(before).contains("require a verified cosign signature", fingerprint,
            "No compliance report yet", "href=\"/environments/" + env.id() + "/compliance\"");

        int score = compliance.report(env.id()).score();
        assertThat(page(env.id())).contains("Last compliance score: <strong>" + score + "</strong>/100")
            .doesNotContain("No compliance report yet");
    }

    @Test
    void proxyWithoutPasswordClockOffsetsAndTheMeasureLink() throws Exception {
        RegistryView harbor = registries.create(new RegistryRequest("harbor", "https://harbor.example.com", null, false, null,
            null, null, null, null));
        RegistryView calm = registries.create(new RegistryRequest("calm", "https://calm.example.com", null, false, null,
            null, null, null, null));
        EnvironmentView env = environments.create(new EnvironmentRequest("prod", null, null, null, null,
            List.of(BindingRequest.primary(harbor.id()), BindingRequest.primary(calm.id())), null, null,
            new ProxyRequest("http://proxy.corp:3128", null, ".corp", "node", PROXY_PASSWORD)));

        String none = page(env.id());
        assertThat(none).contains("http://proxy.corp:3128", ".corp", "node (password stored)", "id=\"no-clock-offsets\"",
            "href=\"/environments/" + env.id() + "/plan?measure=true\"").doesNotContain(PROXY_PASSWORD);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // an older probe of harbor with an offset, then a newer one without: only the latest counts
        probe(harbor.id(), now.minusSeconds(120), 7_200_000L);
        probe(harbor.id(), now.minusSeconds(60), 7_203_000L);
        probe(calm.id(), now.minusSeconds(120), -300_000L);
        probe(calm.id(), now.minusSeconds(60), null);

        String html = page(env.id());
        assertThat(html).contains("id=\"clock-offsets\"", "+2h 0m 3s", "ahead of the console clock").doesNotContain("-5m 0s")
            .doesNotContain("id=\"no-clock-offsets\"");
    }

    private void probe(long registryId, Instant at, Long offsetMs) {
        jdbc.update("insert into probe_result (registry_id, probed_at, up, summary, latency_ms, probed_by, clock_offset_ms) "
            + "values (?, ?, ?, ?, ?, ?, ?)", registryId, Timestamp.from(at), true, "OK", 5L, "test", offsetMs);
    }

    private String page(long id) throws Exception {
        return mvc.perform(get("/environments/{id}", id).session(viewer)).andExpect(status().isOk())
            .andReturn().getResponse().getContentAsString();
    }

    private static String ecPublicKeyPem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----";
    }
}
