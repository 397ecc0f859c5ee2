package io.registryconsole.account;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.iterableWithSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The browser-hardening headers on pages, API answers and static files alike. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
class SecurityHeadersTest {

    @Autowired
    MockMvc mvc;

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        hardened(mvc.perform(get("/login")));
    }

    @Test
    void apiAnswersCarryThemToo() throws Exception {
        hardened(mvc.perform(get("/api/v1/me")));
        hardened(mvc.perform(get("/actuator/health")));
    }

    @Test
    void staticFilesCarryThemToo() throws Exception {
        hardened(mvc.perform(get("/css/console.css")));
    }

    @Test
    void swaggerUiMayStyleInlineButStillRunsOnlyItsOwnScripts() throws Exception {
        mvc.perform(get("/swagger-ui/index.html"))
            .andExpect(header().stringValues("Content-Security-Policy", iterableWithSize(1)))
            .andExpect(header().string("Content-Security-Policy", containsString("style-src 'self' 'unsafe-inline';")))
            .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")));
        mvc.perform(get("/login"))
            .andExpect(header().stringValues("Content-Security-Policy", iterableWithSize(1)))
            .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))));
    }

    @Test
    void hstsIsSentOverHttpsOnly() throws Exception {
        mvc.perform(get("/login").secure(true))
            .andExpect(header().string("Strict-Transport-Security", containsString("max-age=")));
        mvc.perform(get("/login"))
            .andExpect(header().doesNotExist("Strict-Transport-Security"));
    }

    private static void hardened(ResultActions response) throws Exception {
        response
            .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
            .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self';")))
            .andExpect(header().string("Content-Security-Policy", containsString("style-src 'self';")))
            .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
            .andExpect(header().string("X-Frame-Options", "DENY"))
            .andExpect(header().string("X-Content-Type-Options", "nosniff"))
            .andExpect(header().string("Referrer-Policy", "no-referrer"))
            .andExpect(header().string("Permissions-Policy", containsString("camera=()")));
    }
}
