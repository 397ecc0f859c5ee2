package io.registryconsole.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1: a console killed with SIGKILL while registries were being created lost the last ones it had already
 * answered 201 (H2 flushed commits only every WRITE_DELAY = 500 ms). The console runs as its own process, four
 * clients create registries, the console is killed mid-stream and started again: every registry answered 201 exists.
 * Runs on H2 (default URL) and, under scripts/test.sh, on PostgreSQL.
 */
@Tag("db")
class CrashSafetyTest {

    static final Pattern NAME = Pattern.compile("\"name\":\"(crash-[0-9]+)\"");

    @TempDir
    Path temp;

    @Test
    void sigkillDuringWritesLosesNoAcknowledgedRegistry() throws Exception {
        try (TestDatabases database = TestDatabases.fresh();
             ConsoleProcess console = ConsoleProcess.start(temp.resolve("data"), database.properties())) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        String name = "crash-" + next.incrementAndGet();
                        try {
                            HttpResponse<String> created = client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries"))
                                .header("Authorization", ConsoleProcess.adminBasic()).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"" + name + "\",\"url\":\"https://" + name + ".example.com\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                            if (created.statusCode() == 201) {
                                acknowledged.add(name);
                            }
                        } catch (IOException killed) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (acknowledged.size() < 40 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(acknowledged).as("registries created before the kill\n" + console.logTail()).hasSizeGreaterThanOrEqualTo(40);
            console.kill();
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            List<String> answered201 = new ArrayList<>(acknowledged);

            console.restart();
            Set<String> stored = storedNames(client, console);
            assertThat(stored).as("every registry answered 201 before the SIGKILL survives it").containsAll(answered201);
        }
    }

    private static Set<String> storedNames(HttpClient client, ConsoleProcess console) throws Exception {
        Set<String> names = new HashSet<>();
        for (int page = 0; page < 1000; page++) {
            HttpResponse<String> list = client.send(HttpRequest.newBuilder(console.uri("/api/v1/registries?size=100&page=" + page))
                .header("Authorization", ConsoleProcess.adminBasic()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            Matcher matcher = NAME.matcher(list.body());
            int found = 0;
            while (matcher.find()) {
                names.add(matcher.group(1));
                found++;
            }
            if (found == 0) {
                return names;
            }
        }
        return names;
    }
}
