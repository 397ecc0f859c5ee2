package io.registryconsole.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;

/** What the audit page shows: the entries newest first, its filters, and never a secret. */
@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(username = "alice", roles = "ADMIN")
class AuditPagesTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    long harbor;
    long quay;

    @BeforeEach
    void changes() throws Exception {
        TestTables.clean(jdbc);
        harbor = create("""
            {"name": "harbor", "url": "https://harbor.example.com", "credential": {"username": "robot", "password": "pw-audit-page-1"}}
            """);
        assertThat(mvc.put().uri("/api/v1/registries/{id}", harbor).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("""
            {"name": "harbor", "url": "https://harbor.example.com", "description": "moved",
             "credential": {"username": "robot", "password": "pw-audit-page-2"}, "version": 0}
            """)).hasStatusOk();
        quay = create("""
            {"name": "quay", "url": "https://quay.example.com"}
            """);
    }

    long create(String body) throws Exception {
        MvcTestResult created = mvc.post().uri("/api/v1/registries").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
        assertThat(created).hasStatus2xxSuccessful();
        return ((Number) JsonPath.read(created.getResponse().getContentAsString(), "$.id")).longValue();
    }

    String page(String uri) throws Exception {
        MvcTestResult result = mvc.get().uri(uri).exchange();
        assertThat(result).hasStatusOk();
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryChangeNewestFirstWithoutSecrets() throws Exception {
        String html = page("/audit");

        assertThat(html).contains("<td>alice</td>", "<td>CREATE</td>", "<td>UPDATE</td>", "#" + harbor, "#" + quay, "moved");
        int quayRow = html.indexOf("<span>quay</span>");
        int harborUpdate = html.indexOf("<td>UPDATE</td>");
        int harborCreate = html.lastIndexOf("<span>harbor</span>");
        assertThat(quayRow).as("newest first").isPositive().isLessThan(harborUpdate);
        assertThat(harborUpdate).isLessThan(harborCreate);
        assertThat(html).doesNotContain("pw-audit-page").doesNotContain("No entries.");
    }

    @Test
    void filtersByEntityTypeAndId() throws Exception {
        String oneRegistry = page("/audit?entityType=REGISTRY&entityId=" + harbor);
        assertThat(oneRegistry).contains("<span>harbor</span>", "<td>UPDATE</td>").doesNotContain("<span>quay</span>");
        assertThat(oneRegistry).as("the filter keeps its values").contains("<option value=\"REGISTRY\" selected=\"selected\">",
            "value=\"" + harbor + "\"");

        assertThat(page("/audit?entityType=ENVIRONMENT")).contains("No entries.").doesNotContain("<span>harbor</span>");
    }
}
