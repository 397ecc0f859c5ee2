package io.registryconsole.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.distribution.ProxySettings;

/**
 * The proxy fields of the environment form: stored as the API stores them, the password write-only (empty keeps it, a
 * checkbox removes it, never shown), a bad proxy or a password without user name beside its field (422), nothing saved.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class EnvironmentProxyPageTest {

    static final String PASSWORD = "proxy-pw-98765";

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EnvironmentService environments;

    MockHttpSession admin;

    @BeforeEach
    void setUp() throws Exception {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = TestAccounts.signIn(mvc, accounts.user("root", Role.ADMIN));
    }

    @Test
    void theFormStoresTheProxyAndThePasswordIsWriteOnly() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/new");
        mvc.perform(proxyForm(post("/environments"), csrf, "http://proxy.corp:3128", "node").param("name", "prod")
                .param("proxy.password", PASSWORD))
            .andExpect(redirectedUrl("/environments"));
        EnvironmentView env = environments.list(EnvironmentFilter.ALL, Pageable.unpaged()).content().get(0);
        assertThat(env.proxy()).isEqualTo(new ProxyView("http://proxy.corp:3128", "http://proxy.corp:3128", ".corp,10.0.0.0/8",
            "node", true));
        assertThat(environments.proxySettings(env.id()).map(ProxySettings::password)).contains(PASSWORD);

        String edit = page("/environments/" + env.id() + "/edit");
        assertThat(edit).contains("id=\"proxy.httpProxy\"", "value=\"http://proxy.corp:3128\"", "value=\"node\"",
                "stored; empty keeps it", "name=\"proxy.removePassword\"")
            .doesNotContain(PASSWORD);

        // empty password: kept
        mvc.perform(proxyForm(post("/environments/{id}", env.id()), csrf, "http://proxy2.corp:3128", "node").param("name", "prod")
                .param("version", String.valueOf(env.version())).param("proxy.password", ""))
            .andExpect(redirectedUrl("/environments"));
        assertThat(environments.get(env.id()).proxy().httpProxy()).isEqualTo("http://proxy2.corp:3128");
        assertThat(environments.proxySettings(env.id()).map(ProxySettings::password)).contains(PASSWORD);

        // the checkbox removes it
        mvc.perform(proxyForm(post("/environments/{id}", env.id()), csrf, "http://proxy2.corp:3128", "node").param("name", "prod")
                .param("version", String.valueOf(environments.get(env.id()).version())).param("proxy.removePassword", "true"))
            .andExpect(redirectedUrl("/environments"));
        assertThat(environments.get(env.id()).proxy().passwordSet()).isFalse();
        assertThat(page("/environments/" + env.id() + "/edit")).doesNotContain("name=\"proxy.removePassword\"");
    }

    @Test
    void aBadProxyAndAPasswordWithoutUserAreShownBesideTheirFieldsAndSaveNothing() throws Exception {
        String csrf = TestAccounts.csrfToken(mvc, admin, "/environments/new");
        var before = TestTables.contents(jdbc);
        String html = mvc.perform(proxyForm(post("/environments"), csrf, "socks5://proxy.corp:1080", "").param("name", "prod")
                .param("proxy.password", PASSWORD))
            .andExpect(status().isUnprocessableContent())
            .andReturn().getResponse().getContentAsString();
        assertThat(html).contains("id=\"proxy.httpProxy-error\"", "only http:// proxies are supported",
                "id=\"proxy.username-error\"", "is required with a proxy password", "value=\"socks5://proxy.corp:1080\"")
            .doesNotContain(PASSWORD);
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
    }

    private MockHttpServletRequestBuilder proxyForm(MockHttpServletRequestBuilder request, String csrf, String httpProxy,
                                                         String username) {
        return request.session(admin).param("_csrf", csrf).param("proxy.httpProxy", httpProxy)
            .param("proxy.httpsProxy", httpProxy.startsWith("http:") ? httpProxy.replace("proxy2", "proxy") : "")
            .param("proxy.noProxy", ".corp,10.0.0.0/8").param("proxy.username", username);
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).session(admin)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
