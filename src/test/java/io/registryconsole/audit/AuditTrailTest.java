package io.registryconsole.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;
import io.registryconsole.registry.RegistryRequest;
import io.registryconsole.registry.RegistryService;

@Tag("db")
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(username = "alice", roles = "ADMIN")
class AuditTrailTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registries;

    @Autowired
    AuditService audit;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
    }

    MvcTestResult send(String method, String uri, String body) {
        var request = switch (method) {
            case "POST" -> mvc.post();
            case "PUT" -> mvc.put();
            default -> mvc.delete();
        };
        var builder = request.uri(uri).with(csrf());
        if (body != null) {
            builder = builder.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return builder.exchange();
    }

    @Test
    void everyChangeIsRecordedWithWhoWhatAndBeforeAfter() throws Exception {
        MvcTestResult created = send("POST", "/api/v1/registries", """
            {"name": "harbor", "url": "https://harbor.example.com", "credential": {"username": "robot", "password": "pw-audit-1"}}
            """);
        long id = ((Number) JsonPath.read(created.getResponse().getContentAsString(), "$.id")).longValue();
        send("PUT", "/api/v1/registries/" + id, """
            {"name": "harbor", "url": "https://harbor.example.com", "description": "changed",
             "credential": {"username": "robot", "password": "pw-audit-2"}, "version": 0}
            """);
        // a PUT that changes nothing records nothing
        send("PUT", "/api/v1/registries/" + id, """
            {"name": "harbor", "url": "https://harbor.example.com", "description": "changed", "version": 1}
            """);
        send("DELETE", "/api/v1/registries/" + id, null);

        MvcTestResult events = mvc.get().uri("/api/v1/audit-events?entityType=registry&entityId={id}", id).exchange();

        assertThat(events).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"content": [
              {"actor": "alice", "action": "DELETE", "entityType": "REGISTRY", "entityId": "%1$d", "entityName": "harbor",
               "before": {"name": "harbor", "description": "changed", "version": 1}, "after": null},
              {"actor": "alice", "action": "UPDATE", "entityId": "%1$d",
               "before": {"description": null, "version": 0, "secretChanged": false},
               "after": {"description": "changed", "version": 1, "secretChanged": true,
                         "credential": {"kind": "BASIC", "username": "robot"}}},
              {"actor": "alice", "action": "CREATE", "entityId": "%1$d", "before": null,
               "after": {"name": "harbor", "url": "https://harbor.example.com", "secretChanged": true}}],
             "page": {"totalElements": 3}}
            """.formatted(id));
        assertThat(events).bodyJson().extractingPath("$.content[*].action").asArray().containsExactly("DELETE", "UPDATE", "CREATE");
        assertThat(events.getResponse().getContentAsString()).doesNotContain("pw-audit");
        assertThat(JsonPath.<String>read(events.getResponse().getContentAsString(), "$.content[0].occurredAt")).endsWith("Z");
    }

    @Test
    void aRejectedRequestRecordsNothing() {
        send("POST", "/api/v1/registries", """
            {"name": "harbor", "url": "https://harbor.example.com"}
            """);
        long before = jdbc.queryForObject("select count(*) from audit_event", Long.class);

        assertThat(send("POST", "/api/v1/registries", """
            {"name": "harbor", "url": "https://elsewhere.example.com"}
            """)).hasStatus(HttpStatus.CONFLICT);
        assertThat(send("POST", "/api/v1/registries", """
            {"name": "x", "url": "https://x.example.com/v2/"}
            """)).hasStatus(HttpStatus.BAD_REQUEST);

        assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class)).isEqualTo(before);
    }

    @Test
    void theChangeAndItsAuditEntryCommitOrRollBackTogether() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            registries.create(new RegistryRequest("rolled-back", "https://rb.example.com", null, null, null, null, null, null, null));
            throw new IllegalStateException("a later step of the same transaction fails");
        })).hasMessageContaining("later step");

        assertThat(jdbc.queryForObject("select count(*) from registry", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class)).isZero();
    }

    @Test
    void anAuditEntryCannotBeWrittenOutsideTheChangingTransaction() {
        assertThatThrownBy(() -> audit.record(AuditableChange.created("REGISTRY", 1, "x", null)))
            .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class)).isZero();
    }

    @Test
    @WithAnonymousUser
    void changesWithoutAPersonAreBySystem() {
        registries.create(new RegistryRequest("by-system", "https://sys.example.com", null, null, null, null, null, null, null));

        assertThat(jdbc.queryForObject("select actor from audit_event", String.class)).isEqualTo("system");
    }

    @Test
    void secretLookingFieldsAreRedactedEvenIfAFeatureForgetsTo() {
        record Careless(String name, String password, String apiToken, java.util.Map<String, String> nested, String stored) {
        }
        transactions.executeWithoutResult(status -> audit.record(AuditableChange.created("TEST", 1, "careless",
            new Careless("n", "pw-in-clear", "tok-in-clear", java.util.Map.of("clientSecret", "cs-in-clear"),
                "v1:0123456789abcdef:Y2lwaGVydGV4dA"))));

        String stored = jdbc.queryForObject("select after_json from audit_event", String.class);
        assertThat(stored).contains("\"name\":\"n\"").contains("(redacted)")
            .doesNotContain("pw-in-clear").doesNotContain("tok-in-clear").doesNotContain("cs-in-clear")
            .doesNotContain("Y2lwaGVydGV4dA");
    }

    @Test
    void eventsArePagedNewestFirstAndFilterable() {
        for (int i = 0; i < 3; i++) {
            registries.create(new RegistryRequest("r" + i, "https://r" + i + ".example.com", null, null, null, null, null, null, null));
        }

        assertThat(mvc.get().uri("/api/v1/audit-events?size=2")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
            {"content": [{"entityName": "r2"}, {"entityName": "r1"}], "page": {"size": 2, "totalElements": 3, "totalPages": 2}}
            """);
        assertThat(mvc.get().uri("/api/v1/audit-events")).bodyJson().extractingPath("$.content[*].entityName").asArray()
            .containsExactly("r2", "r1", "r0");
        assertThat(mvc.get().uri("/api/v1/audit-events?entityType=ENVIRONMENT")).bodyJson().isLenientlyEqualTo("""
            {"content": [], "page": {"totalElements": 0}}
            """);
        assertThat(mvc.get().uri("/api/v1/audit-events?sort=afterJson")).hasStatus(HttpStatus.BAD_REQUEST);
    }
}
