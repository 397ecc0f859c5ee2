package io.registryconsole.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.registryconsole.ConsoleApplication;
import io.registryconsole.lab.Programs;

/**
 * The console as a real, separate JVM on a loopback port (the test JVM's classpath, the real main class), so a test
 * can kill it with SIGKILL and start it again on the same data. Its output goes to {@code console.log} in the data
 * folder, shown when it does not start.
 */
final class ConsoleProcess implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "crash-admin-password-0123456789";

    private final Path dataDir;
    private final Map<String, String> properties;
    private final int port;
    private final Path log;
    private Process process;

    private ConsoleProcess(Path dataDir, Map<String, String> properties) throws IOException {
        this.dataDir = dataDir;
        this.properties = properties;
        this.port = freePort();
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-console.log");
    }

    /** A console on H2 with the default URL (only the data folder chosen), or with the given datasource properties. */
    static ConsoleProcess start(Path dataDir, Map<String, String> extraProperties) throws Exception {
        ConsoleProcess console = new ConsoleProcess(dataDir, new LinkedHashMap<>(extraProperties));
        console.launch();
        return console;
    }

    void launch() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            ConsoleApplication.class.getName(),
            "--server.port=" + port, "--server.address=127.0.0.1", "--console.data-dir=" + dataDir,
            "--console.probes.enabled=false", "--logging.level.root=WARN"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("CONSOLE_ADMIN_USERNAME", ADMIN);
        builder.environment().put("CONSOLE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.equals("CONSOLE_DATA_DIR"));
        process = builder.start();
        awaitHealthy();
    }

    private void awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        HttpClient client = HttpClient.newHttpClient();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the console exited with " + process.exitValue() + ":\n" + Programs.tail(log, 60));
            }
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the console did not become healthy:\n" + Programs.tail(log, 60));
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut of the JVM (not of the machine). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the console again on the same data folder and database. */
    void restart() throws Exception {
        launch();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    String logTail() {
        return Programs.tail(log, 80);
    }

    static String adminBasic() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
