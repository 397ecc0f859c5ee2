package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data safety: PostgreSQL stopped (pg_ctl -m fast) and started again under a running console. While it is down the
 * API answers clear problem details (503, application/problem+json, no stack trace, no secret) and stores nothing;
 * once it is back the same console process (Hikari reconnects, no restart) answers again and every registry
 * answered 201 before is there. Uses a PostgreSQL cluster of its own, so it runs in every pass.
 */
class PostgresRestartTest {

    @TempDir
    Path temp;

    @Test
    void apiFailsCleanlyWhilePostgresIsDownAndRecoversWithoutRestart() throws Exception {
        try (OwnPostgres postgres = OwnPostgres.start()) {
            Map<String, String> properties = new LinkedHashMap<>(postgres.consoleProperties());
            // A request waits at most this long for a connection while the database is away.
            properties.put("spring.datasource.hikari.connection-timeout", "3000");
            try (ConsoleProcess console = ConsoleProcess.start(temp.resolve("data"), properties)) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                String token = createToken(client, console);
                assertThat(create(client, console, "before-stop", ConsoleProcess.adminBasic()).statusCode()).isEqualTo(201);
                long pid = console.pid();

                postgres.stopServer();
                for (String auth : new String[] {ConsoleProcess.adminBasic(), "Bearer " + token}) {
                    HttpResponse<String> created = create(client, console, "while-down", auth);
                    assertCleanUnavailable(created, console);
                    HttpResponse<String> list = client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries"))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
                    assertCleanUnavailable(list, console);
                }

                postgres.startServer();
                HttpResponse<String> list = awaitOk(client, console);
                assertThat(console.pid()).as("the same console process").isEqualTo(pid);
                assertThat(list.body()).contains("\"name\":\"before-stop\"").doesNotContain("while-down");
                assertThat(create(client, console, "after-start", "Bearer " + token).statusCode()).isEqualTo(201);
                HttpResponse<String> again = client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries?size=100"))
                    .header("Authorization", ConsoleProcess.adminBasic()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(again.body()).contains("\"name\":\"before-stop\"", "\"name\":\"after-start\"")
                    .doesNotContain("while-down");
            }
        }
    }

    private static void assertCleanUnavailable(HttpResponse<String> response, ConsoleProcess console) {
        assertThat(response.statusCode()).as(response.body() + "\n" + console.logTail()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("\"status\":503", "urn:registry-console:problem:database-unavailable")
            .doesNotContain("Exception", "\tat ", "org.postgresql", "jdbc:", ConsoleProcess.ADMIN_PASSWORD, "password");
    }

    private static HttpResponse<String> awaitOk(HttpClient client, ConsoleProcess console) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries?size=100"))
                .header("Authorization", ConsoleProcess.adminBasic()).build(), HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 200) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the API did not recover after PostgreSQL came back: " + last.statusCode() + " "
            + last.body() + "\n" + console.logTail());
    }

    private static HttpResponse<String> create(HttpClient client, ConsoleProcess console, String name, String auth)
        throws Exception {
        return client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries"))
            .header("Authorization", auth).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"url\":\"https://" + name + ".example.com\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String createToken(HttpClient client, ConsoleProcess console) throws Exception {
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(console.uri("/api/v1/tokens"))
            .header("Authorization", ConsoleProcess.adminBasic()).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"pg-restart\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
        assertThat(token.find()).as(created.body()).isTrue();
        return token.group(1);
    }
}
