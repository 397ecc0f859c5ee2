package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.AUTHORIZATION;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.registryconsole.TestTables;
import io.registryconsole.account.Role;
import io.registryconsole.account.TestAccounts;
import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.shared.PlainText;

/**
 * Finding 9c: control characters (NUL, ESC, CR/LF), bidi overrides and lone surrogates were accepted in descriptions
 * and token names, where they fake log lines, hide text or reorder what an admin reads. Every free-text field refuses
 * them with a field error; nothing is stored.
 */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class ControlCharactersTest {

    /** JSON escapes of each kind of character that must be refused. */
    static final List<String> HOSTILE = List.of("\\u0000", "\\u001b[31m", "\\r\\nFAKE LOG LINE", "\\u202e", "\\u2066",
        "\\u202a", "\\u2069", "\\ud800", "\\udfff", "\\u0085", "\\u007f");

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    TestUser admin;

    @BeforeEach
    void setUp() {
        TestTables.clean(jdbc);
        TestAccounts accounts = TestAccounts.in(context);
        accounts.deleteAll();
        admin = accounts.user("texts", Role.ADMIN);
    }

    @Test
    void theSharedRuleKnowsEveryHostileCharacterAndLetsOrdinaryTextThrough() {
        for (String bad : List.of("\u0000", "\u001b", "a\rb", "a\nb", "\t", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
            "\u2066", "\u2067", "\u2068", "\u2069", "x\ud800", "\udc00y", "\u0085", "\u007f", "\u200e", "\u200f")) {
            assertThat(PlainText.Validator.isPlain(bad)).as("%s", bad.codePoints().boxed().toList()).isFalse();
        }
        for (String good : List.of("", "Harbor in Zürich — prod", "日本のミラー", "emoji 🚀 ok", "Ünïcödé ok: 100%")) {
            assertThat(PlainText.Validator.isPlain(good)).as(good).isTrue();
        }
    }

    @Test
    void theApiRefusesThemInEveryFreeTextFieldAndStoresNothing() throws Exception {
        var before = TestTables.contents(jdbc);
        int tokensBefore = jdbc.queryForObject("select count(*) from api_token", Integer.class);
        int usersBefore = jdbc.queryForObject("select count(*) from console_user", Integer.class);
        for (String bad : HOSTILE) {
            expectFieldError("/api/v1/registries",
                "{\"name\":\"r1\",\"url\":\"https://r1.example.com\",\"description\":\"a" + bad + "b\"}", "description");
            expectFieldError("/api/v1/environments", "{\"name\":\"e1\",\"description\":\"a" + bad + "b\"}", "description");
            expectFieldError("/api/v1/tokens", "{\"name\":\"t" + bad + "\"}", "name");
            expectFieldError("/api/v1/users",
                "{\"username\":\"u" + bad + "\",\"password\":\"a-long-enough-password-1\",\"role\":\"VIEWER\"}", "username");
            expectFieldError("/api/v1/registries",
                "{\"name\":\"r" + bad + "\",\"url\":\"https://r1.example.com\"}", "name");
            expectFieldError("/api/v1/registries",
                "{\"name\":\"r2\",\"url\":\"https://r1.example.com\",\"labels\":[\"l" + bad + "\"]}", "labels[0]");
        }
        assertThat(TestTables.contents(jdbc)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from api_token", Integer.class)).isEqualTo(tokensBefore);
        assertThat(jdbc.queryForObject("select count(*) from console_user", Integer.class)).isEqualTo(usersBefore);
    }

    @Test
    void theRegistryFormShowsTheProblemBesideTheDescription() throws Exception {
        MockHttpSession session = TestAccounts.signIn(mvc, admin);
        String csrf = TestAccounts.csrfToken(mvc, session, "/registries/new");
        MockHttpServletResponse response = mvc.perform(post("/registries").session(session).param("_csrf", csrf)
                .param("name", "from-page").param("url", "https://page.example.com").param("description", "x\u202egnp.exe"))
            .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(response.getContentAsString()).contains("id=\"description-error\"");
        assertThat(jdbc.queryForObject("select count(*) from registry", Integer.class)).isZero();
    }

    private void expectFieldError(String path, String json, String field) throws Exception {
        MockHttpServletResponse response = mvc.perform(post(path).header(AUTHORIZATION, admin.basicAuth())
            .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn().getResponse();
        assertThat(response.getStatus()).as(path + " " + json).isEqualTo(400);
        assertThat(response.getContentType()).as(path).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).as(path + " " + json).contains("\"field\":\"" + field + "\"");
    }
}
