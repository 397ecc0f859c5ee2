package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.github.kagkarlsson.scheduler.Scheduler;

import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.shared.ConsoleScheduler;

/**
 * With probes on, probes and replication rules run on the console's one db-scheduler: a new registry is probed and a
 * new rule runs, and the scheduler never meets a task name it does not know (with a scheduler per feature on the one
 * {@code scheduled_tasks} table, each met the other's).
 */
@Tag("db")
@SpringBootTest(properties = {"console.probes.enabled=true", "console.probes.poll-interval=200ms",
    "console.replications.scheduler-poll=200ms", "console.probes.timeout=5s"})
@AutoConfigureMockMvc
@WithMockUser(roles = "ADMIN")
@ExtendWith(RegistryLab.Extension.class)
class OneSchedulerTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables().emptyingFirst("replication_image", "replication", "replication_rule");

    @Test
    void probesAndReplicationRulesRunOnOneScheduler(RegistryLab lab) {
        long src = console.register(lab.anonymous());
        long dst = console.register(lab.tlsBasic());
        assertThat(mvc.post().uri("/api/v1/replication-rules").contentType(MediaType.APPLICATION_JSON).with(csrf())
            .content("{\"name\": \"one-scheduler\", \"interval\": \"PT1H\", \"sourceRegistryId\": " + src + ", \"targetRegistryId\": " + dst
                + ", \"repositories\": [\"library/alpine-test\"], \"targetPrefix\": \"one-scheduler/\"}").exchange())
            .hasStatus(HttpStatus.CREATED);

        long deadline = System.nanoTime() + 300_000_000_000L;
        while (probes(src) == 0 || probes(dst) == 0 || ruleRuns() == 0) {
            assertThat(System.nanoTime()).as("both registries probed and the rule run").isLessThan(deadline);
            ReplicationApiTest.sleep(200);
        }

        assertThat(context.getBeansOfType(ConsoleScheduler.class)).hasSize(1);
        assertThat(context.getBeansOfType(Scheduler.class)).as("no feature builds a scheduler of its own").isEmpty();
        ConsoleScheduler scheduler = context.getBean(ConsoleScheduler.class);
        assertThat(scheduler.unresolvedTasksSeen()).as("executions with a task name the scheduler does not know").isZero();
        // (the table was cleaned after start-up, so the recurring probe round is not there; the rule's next run is)
        assertThat(jdbc.queryForList("select distinct task_name from scheduled_tasks", String.class)).contains("replication-rule");
    }

    long probes(long registry) {
        return jdbc.queryForObject("select count(*) from probe_result where registry_id = ?", Long.class, registry);
    }

    long ruleRuns() {
        return jdbc.queryForObject("select count(*) from replication where rule_id is not null and status in ('SUCCEEDED', 'FAILED', 'PARTIAL')",
            Long.class);
    }
}
