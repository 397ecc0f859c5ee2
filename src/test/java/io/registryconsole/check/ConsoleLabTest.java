package io.registryconsole.check;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;

import io.registryconsole.lab.RegistryLab;

/**
 * The one Spring context of the check, pull-test and plan tests (so it is cached across their classes): short
 * timeouts, a small pull-test pool, and 127.0.0.2 denied by the outbound policy. Requests run as an OPERATOR, the
 * role that may start checks, test pulls and plans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("db")
@SpringBootTest(properties = {
    "console.outbound.deny=127.0.0.2/32",
    "console.checks.timeout=5s",
    "console.checks.connect-timeout=3s",
    "console.pull-tests.concurrency=2",
    "console.pull-tests.queue-capacity=2",
    "console.pull-tests.timeout=3s",
    "console.pull-tests.request-attempts=1",
    "console.pull-tests.deadline=60s",
    "management.defaults.metrics.export.enabled=true",
    "management.prometheus.metrics.export.enabled=true"})
@AutoConfigureMockMvc
@WithMockUser(roles = "OPERATOR")
@ExtendWith(RegistryLab.Extension.class)
public @interface ConsoleLabTest {
}
