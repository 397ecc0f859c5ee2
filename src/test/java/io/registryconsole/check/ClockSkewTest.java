package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.TestTables;
import io.registryconsole.environment.EnvironmentService;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.TokenIssuer;
import io.registryconsole.registry.RegistryService;

/**
 * A real docker-registry with token auth whose token service's clock runs 2 h ahead: the registry refuses its tokens
 * as "not to be used before", and the check says CLOCK_SKEW with the offset and the side that is off, not that the
 * (correct) password is wrong.
 */
@ConsoleLabTest
@Tag("db")
class ClockSkewTest {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RegistryService registryService;

    @Autowired
    EnvironmentService environmentService;

    LabConsole console;

    @BeforeEach
    void clean() {
        TestTables.clean(jdbc);
        console = new LabConsole(registryService, environmentService);
    }

    DocumentContext check(long id, String repository) {
        MvcTestResult result = mvc.post().uri("/api/v1/registries/{id}/check", id).with(csrf()).contentType(MediaType.APPLICATION_JSON)
            .content("{\"repository\": \"" + repository + "\"}").exchange();
        assertThat(result).hasStatusOk();
        return JsonPath.parse(CheckApiTest.body(result));
    }

    @Test
    void aTokenServiceTwoHoursAheadIsClockSkewNotAWrongPassword(@Use(Variant.TOKEN) LabRegistry lab) {
        DocumentContext report;
        try (TokenIssuer.Restore ahead = lab.tokenIssuer().clockOffset(Duration.ofHours(2))) {
            report = check(console.register(lab), "library/alpine-test");
        }
        assertThat(report.<Boolean>read("$.ok")).as(report.jsonString()).isFalse();
        assertThat(report.<String>read("$.category")).as(report.jsonString()).isEqualTo("CLOCK_SKEW");
        assertThat(report.<String>read("$.summary")).contains("token service's clock runs 2 h 0 min ahead of the console's")
            .contains("not valid before");
        assertThat(report.<String>read("$.remediation")).contains("credentials are fine").contains("NTP");

        // the same registry and credentials with the clock back in line: no skew, it works
        DocumentContext healthy = check(console.register(lab), "library/alpine-test");
        assertThat(healthy.<Boolean>read("$.ok")).as(healthy.jsonString()).isTrue();
    }

    @Test
    void aWrongPasswordStaysAWrongPasswordWhenClocksAgree(@Use(Variant.TOKEN) LabRegistry lab) {
        DocumentContext wrong = check(console.register(lab, LabConsole.basic("alice", "wrong-password")), "library/alpine-test");
        assertThat(wrong.<String>read("$.category")).isEqualTo("AUTH_INVALID_CREDENTIALS");
    }
}
