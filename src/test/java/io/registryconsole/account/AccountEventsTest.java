package io.registryconsole.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import io.registryconsole.account.TestAccounts.TestUser;
import io.registryconsole.audit.AuditAction;
import io.registryconsole.audit.AuditEventView;
import io.registryconsole.audit.AuditFilter;
import io.registryconsole.audit.AuditService;

/** Every account change is published for the audit log, without the secret it involved. */
@Tag("db")
@SpringBootTest
@RecordApplicationEvents
class AccountEventsTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    AccountService service;
    @Autowired
    ApplicationEvents events;
    @Autowired
    AuditService audit;

    TestAccounts accounts;

    @BeforeEach
    void setUp() {
        accounts = TestAccounts.in(context);
        accounts.deleteAll();
    }

    @Test
    void publishesUserAndTokenChangesWithoutSecrets() {
        TestUser admin = accounts.user("root", Role.ADMIN);
        UserView dave = service.createUser("dave", "daves-first-password", Role.VIEWER, true);
        service.updateUser(dave.id(), dave.version(), Role.OPERATOR, null, "daves-second-password");
        CreatedToken token = service.createToken(admin.principal(), "ci", null);
        service.revokeToken(admin.principal(), token.id());
        service.deleteUser(dave.id(), null);

        List<AccountChanged> changes = events.stream(AccountChanged.class).toList();

        assertThat(changes).extracting(AccountChanged::action).containsExactly(
            "USER_CREATED", "USER_CREATED", "USER_UPDATED", "TOKEN_CREATED", "TOKEN_REVOKED", "USER_DELETED");
        AccountChanged update = changes.get(2);
        assertThat(update.entityName()).isEqualTo("dave");
        assertThat(update.before()).containsEntry("role", "VIEWER").doesNotContainKey("password");
        assertThat(update.after()).containsEntry("role", "OPERATOR").containsEntry("password", "changed");
        assertThat(changes.get(3).entityName()).isEqualTo("root/ci");
        assertThat(changes.get(3).after()).containsEntry("prefix", token.prefix());
        assertThat(changes.toString())
            .doesNotContain("daves-first-password")
            .doesNotContain("daves-second-password")
            .doesNotContain(token.token())
            .doesNotContain("bcrypt");

        // and the audit trail holds them, in the same words as any other change
        List<AuditEventView> trail = audit.list(new AuditFilter("USER", update.entityId()), PageRequest.of(0, 10)).content();
        assertThat(trail).extracting(AuditEventView::action).containsExactly(AuditAction.DELETE, AuditAction.UPDATE, AuditAction.CREATE);
        assertThat(trail.get(1).after()).containsEntry("role", "OPERATOR");
        assertThat(audit.list(new AuditFilter("API_TOKEN", String.valueOf(token.id())), PageRequest.of(0, 10)).content())
            .extracting(AuditEventView::action, AuditEventView::entityName)
            .containsExactly(tuple(AuditAction.DELETE, "root/ci"), tuple(AuditAction.CREATE, "root/ci"));
        assertThat(trail.toString()).doesNotContain("daves-second-password").doesNotContain(token.token());
    }
}
