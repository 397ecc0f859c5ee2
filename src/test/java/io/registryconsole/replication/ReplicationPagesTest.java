package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.RegistryLab;

/** The replication pages: form with tag preview and dry run, problems beside fields, the detail of a finished run. */
@ConsoleLabTest
@Tag("db")
class ReplicationPagesTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables().emptyingFirst("replication_image", "replication", "replication_rule");

    static String body(MvcTestResult r) {
        try {
            return r.getResponse().getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void previewListsTheMatchingTagsAndADryRunShowsWhatWouldBeCopied(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        long dst = console.register(lab.tlsBasic());
        MvcTestResult preview = mvc.post().uri("/replications").contentType(MediaType.APPLICATION_FORM_URLENCODED).with(csrf())
            .param("preview", "1").param("sourceRegistryId", String.valueOf(src)).param("targetRegistryId", String.valueOf(dst))
            .param("repositories", "tags/app").param("tags", "^1\\.").param("platforms", "ALL").param("dryRun", "true").exchange();
        assertThat(preview).hasStatusOk();
        assertThat(body(preview)).contains("Tags that would be replicated").contains("(<span>3</span>)")
            .contains("1.0").contains("1.1").contains("1.2").doesNotContainPattern("[>,] ?2\\.0[<,]"); // (the layout names htmx 2.0.4)
        assertThat(jdbc.queryForObject("select count(*) from replication", Long.class)).isZero();

        MvcTestResult started = mvc.post().uri("/replications").contentType(MediaType.APPLICATION_FORM_URLENCODED).with(csrf())
            .param("sourceRegistryId", String.valueOf(src)).param("targetRegistryId", String.valueOf(dst))
            .param("repositories", "tags/app").param("tags", "^1\\.").param("targetPrefix", "page-dry/").param("platforms", "ALL")
            .param("dryRun", "true").exchange();
        assertThat(started).hasStatus(HttpStatus.FOUND);
        String location = started.getResponse().getRedirectedUrl();
        assertThat(location).matches("/replications/\\d+");
        long deadline = System.nanoTime() + 300_000_000_000L;
        String page;
        do {
            assertThat(System.nanoTime()).isLessThan(deadline);
            page = body(mvc.get().uri(location).exchange());
        } while (page.contains("id=\"replication-live\""));
        assertThat(page).contains("SUCCEEDED").contains("WOULD_COPY: 3").contains("/js/replication.js");
    }

    @Test
    void badInputIsShownBesideTheFieldsWith422() {
        MvcTestResult result = mvc.post().uri("/replications").contentType(MediaType.APPLICATION_FORM_URLENCODED).with(csrf())
            .param("repositories", "").param("tags", "(").exchange();
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(result)).contains("name at least one repository").contains("not a regular expression");
        assertThat(jdbc.queryForObject("select count(*) from replication", Long.class)).isZero();
    }

    @Test
    void viewersSeeTheHistoryButNotTheForm() {
        MvcTestResult page = mvc.get().uri("/replications").with(user("v").roles("VIEWER")).exchange();
        assertThat(page).hasStatusOk();
        assertThat(body(page)).contains("History").doesNotContain("id=\"replication-form\"");
        assertThat(mvc.post().uri("/replications").with(user("v").roles("VIEWER")).with(csrf()).exchange())
            .hasStatus(HttpStatus.FORBIDDEN);
    }

    @Test
    void anAdminSavesARuleFromTheFormWithProblemsBesideTheFieldsAndDeletesIt(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        long dst = console.register(lab.tlsBasic());
        MvcTestResult bad = mvc.post().uri("/replications/rules").with(user("admin").roles("ADMIN")).with(csrf())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("name", "Not A Name").param("interval", "PT5S").param("sourceRegistryId", String.valueOf(src))
            .param("targetRegistryId", String.valueOf(dst)).param("repositories", "").param("platforms", "ALL").exchange();
        assertThat(bad).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(bad)).contains("lowercase letters, digits and dashes").contains("at least PT1M")
            .contains("name at least one repository").contains("value=\"Not A Name\"");
        assertThat(jdbc.queryForObject("select count(*) from replication_rule", Long.class)).isZero();

        MvcTestResult saved = mvc.post().uri("/replications/rules").with(user("admin").roles("ADMIN")).with(csrf())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .param("name", "page-rule").param("interval", "PT6H").param("sourceRegistryId", String.valueOf(src))
            .param("targetRegistryId", String.valueOf(dst)).param("repositories", "tags/app").param("targetPrefix", "page-rule/")
            .param("platforms", "ALL").param("dryRun", "true").exchange();
        assertThat(saved).hasStatus(HttpStatus.FOUND);
        long id = jdbc.queryForObject("select id from replication_rule where name = 'page-rule'", Long.class);
        MvcTestResult page = mvc.get().uri("/replications").with(user("admin").roles("ADMIN")).exchange();
        assertThat(body(page)).contains("page-rule").contains("PT6H").contains("delete-rule-" + id).contains("id=\"save-rule\"");
        assertThat(body(mvc.get().uri("/replications").with(user("viewer").roles("VIEWER")).exchange()))
            .contains("page-rule").doesNotContain("delete-rule-").doesNotContain("save-rule");
        assertThat(mvc.post().uri("/replications/rules/{id}/delete", id).with(user("op").roles("OPERATOR")).with(csrf()).exchange())
            .hasStatus(HttpStatus.FORBIDDEN);

        // the rule ran at once (a dry run); delete it once its next execution waits (not while it runs)
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (jdbc.queryForObject("select count(*) from replication where rule_id = ?", Long.class, id) == 0
            || jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'replication-rule' and task_instance = ?"
                + " and picked = false", Long.class, String.valueOf(id)) == 0) {
            assertThat(System.nanoTime()).as("the rule's first run").isLessThan(deadline);
            ReplicationApiTest.sleep(200);
        }
        MvcTestResult deleted = mvc.post().uri("/replications/rules/{id}/delete", id).with(user("admin").roles("ADMIN")).with(csrf()).exchange();
        assertThat(deleted).hasStatus(HttpStatus.FOUND);
        assertThat(jdbc.queryForObject("select count(*) from replication_rule", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'replication-rule'", Long.class)).isZero();
    }
}
