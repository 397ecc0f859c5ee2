package io.registryconsole.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.registryconsole.lab.Programs;

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl, like scripts/postgres-test-server.sh) on a random loopback
 * port, so a test can stop and start it under a running console. Runs as the postgres user when the test runs as root.
 */
final class OwnPostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;

    private OwnPostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** In a folder of its own under the system temp folder: JUnit's temp folders are closed to the postgres user. */
    static OwnPostgres start() throws IOException {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin")).filter(Files::isDirectory)
                .findFirst().orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("no PostgreSQL server binaries: install Debian's postgresql", e);
        }
        Path dir = Files.createTempDirectory("console-own-pg");
        if (root()) {
            Programs.run(List.of("chown", "postgres", dir.toString()), Map.of(), Duration.ofSeconds(30)).stdoutOrThrow();
        }
        OwnPostgres postgres = new OwnPostgres(dir, bin, freePort());
        postgres.run("initdb", "-D", dir.resolve("data").toString(), "-U", "console", "--auth=trust", "-E", "UTF8");
        postgres.startServer();
        postgres.run("createdb", "-h", "127.0.0.1", "-p", String.valueOf(postgres.port), "-U", "console", "console");
        return postgres;
    }

    void startServer() {
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
            "-o", "-h 127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off", "start");
    }

    /** A fast shutdown: open sessions are ended, open transactions rolled back. */
    void stopServer() {
        run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    Map<String, String> consoleProperties() {
        return Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + port + "/console",
            "spring.datasource.username", "console", "spring.datasource.password", "console");
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of(Programs.require("runuser", "util-linux").toString(), "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Programs.Result result = Programs.run(command, Map.of(), Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new IllegalStateException(result.describe() + "\n" + Programs.tail(dir.resolve("server.log"), 30));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test
        }
        try {
            ConsoleProcess.deleteTree(dir);
        } catch (IOException leftBehind) {
            // a temp folder; the next boot clears it
        }
    }
}
