package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, data safety: the console restarted with a CONSOLE_ENCRYPTION_KEY other than the one that wrote its
 * secrets must say so clearly (refuse to start, or answer an error naming the key where a secret is needed) and must
 * lose nothing: started again with the right key, the stored credential is still there and usable.
 * The console runs as its own process (the real main class) on H2 in a temporary data folder.
 */
class WrongEncryptionKeyTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWrongKeyIsNamedAndTheRightKeyStillReadsEverything() throws Exception {
        Path data = Files.createTempDirectory("wrong-key");
        String keyA = newKey();
        String keyB = newKey();
        long id;
        try (ConsoleProcess console = ConsoleProcess.start(data, Map.of("console.encryption.key", keyA))) {
            HttpResponse<String> created = send(console, "POST", "/api/v1/registries", """
                {"name": "keyed", "url": "https://keyed.example.com",
                 "credential": {"username": "robot", "password": "s3cr3t-under-key-a"}}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            id = Long.parseLong(created.body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));
        }

        String wrongKeyOutcome;
        ConsoleProcess wrong = null;
        try {
            wrong = ConsoleProcess.start(data, Map.of("console.encryption.key", keyB));
            // it started: wherever the secret is needed, the answer must name the key problem, never act as anonymous
            HttpResponse<String> check = send(wrong, "POST", "/api/v1/registries/" + id + "/check", null);
            wrongKeyOutcome = check.statusCode() + " " + check.body();
            assertThat(check.body()).as("a check with the wrong key").containsIgnoringCase("key");
            assertThat(check.body()).doesNotContain(keyA, keyB, "s3cr3t-under-key-a");
        } catch (AssertionError refused) {
            if (refused.getMessage() == null || !refused.getMessage().startsWith("the console exited")) {
                throw refused;
            }
            wrongKeyOutcome = refused.getMessage();
            assertThat(refused.getMessage()).as("the refusal names the key").containsIgnoringCase("encryption key")
                .doesNotContain(keyA, keyB);
        } finally {
            if (wrong != null) {
                wrong.close();
            }
        }
        System.out.println("with the wrong key: " + wrongKeyOutcome.lines().limit(20).reduce("", (a, b) -> a + "\n" + b));

        try (ConsoleProcess console = ConsoleProcess.start(data, Map.of("console.encryption.key", keyA))) {
            HttpResponse<String> registry = send(console, "GET", "/api/v1/registries/" + id, null);
            assertThat(registry.statusCode()).isEqualTo(200);
            assertThat(registry.body()).as("the credential survived").contains("\"username\":\"robot\"");
        } finally {
            ConsoleProcess.deleteTree(data);
        }
    }

    private HttpResponse<String> send(ConsoleProcess console, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(console.uri(path)).header("Authorization", ConsoleProcess.adminBasic())
            .header("Content-Type", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
