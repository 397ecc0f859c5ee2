package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab.Use;
import io.registryconsole.lab.RegistryLab.Variant;
import io.registryconsole.lab.TokenIssuer;

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

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

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
    void aProbeRecordsALargeOffsetOfTheRegistrysClockBeforeAnythingFails(@Use(Variant.ANONYMOUS) LabRegistry inSync) throws Exception {
        try (SkewedRegistry skewed = new SkewedRegistry(Duration.ofHours(2))) {
            long id = console.register("skewed", skewed.url(), true, null, null);
            MvcTestResult result = mvc.post().uri("/api/v1/registries/{id}/probes", id).with(csrf()).exchange();
            assertThat(result).hasStatusOk();
            DocumentContext probe = JsonPath.parse(CheckApiTest.body(result));
            assertThat(probe.<Boolean>read("$.up")).as(probe.jsonString()).isTrue();
            assertThat(probe.<Number>read("$.clockOffsetMs").longValue()).isBetween(Duration.ofHours(2).minusMinutes(1).toMillis(),
                Duration.ofHours(2).plusMinutes(1).toMillis());
            assertThat(jdbc.queryForObject("select clock_offset_ms from probe_result where registry_id = ?", Long.class, id))
                .isBetween(Duration.ofMinutes(119).toMillis(), Duration.ofMinutes(121).toMillis());
        }
        MvcTestResult result = mvc.post().uri("/api/v1/registries/{id}/probes", console.register(inSync)).with(csrf()).exchange();
        DocumentContext probe = JsonPath.parse(CheckApiTest.body(result));
        assertThat(probe.<Object>read("$.clockOffsetMs")).as("within the tolerance nothing is recorded").isNull();
    }

    /**
     * Answers {@code GET /v2/} like an anonymous registry whose host clock runs {@code offset} ahead: the JDK server
     * and real registries write Date from the real clock, so this answers from a raw socket.
     */
    static final class SkewedRegistry implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final Thread thread;

        SkewedRegistry(Duration offset) throws java.io.IOException {
            server = new java.net.ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.ISO_8859_1));
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            // request head
                        }
                        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plus(offset));
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nDate: " + date + "\r\n"
                            + "Docker-Distribution-Api-Version: registry/2.0\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    } catch (java.io.IOException e) {
                        // closed, or the client went away
                    }
                }
            }, "skewed-registry");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @Test
    void aWrongPasswordStaysAWrongPasswordWhenClocksAgree(@Use(Variant.TOKEN) LabRegistry lab) {
        DocumentContext wrong = check(console.register(lab, LabConsole.basic("alice", "wrong-password")), "library/alpine-test");
        assertThat(wrong.<String>read("$.category")).isEqualTo("AUTH_INVALID_CREDENTIALS");
    }
}
