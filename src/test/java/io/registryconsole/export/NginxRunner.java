package io.registryconsole.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.registryconsole.lab.Programs;

/**
 * Debian's nginx as a process on 127.0.0.1 with everything (config, pid, logs, temp files) in a temp
 * folder: the generated proxy file is included in a minimal {@code http {}} context, as on a real host.
 */
final class NginxRunner implements AutoCloseable {

    private final ExternalProgram nginx = ExternalProgram.require("nginx", "nginx");
    private final Path prefix;
    private final Path config;
    private Process process;

    NginxRunner(Path prefix, Path proxyConf) {
        this.prefix = ExportFixtures.readableDir(prefix);
        this.config = prefix.resolve("nginx.conf");
        List<String> temp = new ArrayList<>();
        for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            temp.add("    " + t + "_temp_path " + ExportFixtures.readableDir(prefix.resolve("tmp-" + t)) + ";");
        }
        String text = "worker_processes 1;\n"
                + "error_log " + prefix.resolve("error.log") + " info;\n"
                + "pid " + prefix.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "    access_log " + prefix.resolve("access.log") + ";\n"
                + String.join("\n", temp) + "\n"
                + "    include " + proxyConf + ";\n"
                + "}\n";
        try {
            Files.writeString(config, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code nginx -t}: parses the configuration, loads certificates, resolves upstreams. */
    ExternalProgram.Result test() {
        return nginx.run(Duration.ofSeconds(60), "-t", "-p", prefix.toString(), "-e", prefix.resolve("startup.log").toString(),
                "-c", config.toString());
    }

    /** Starts nginx in the foreground and waits until it accepts connections on the port. */
    void start(int port) {
        process = nginx.start(List.of("-p", prefix.toString(), "-e", prefix.resolve("startup.log").toString(),
                "-c", config.toString(), "-g", "daemon off;"), prefix.resolve("stdout.log"));
        for (int i = 0; i < 300; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                assertThat(process.isAlive()).as("nginx exited: " + errorLog()).isTrue();
                sleep();
            }
        }
        throw new AssertionError("nginx does not listen on " + port + ": " + errorLog());
    }

    String errorLog() {
        try {
            Path log = prefix.resolve("error.log");
            Path startup = prefix.resolve("startup.log");
            return (Files.exists(startup) ? Files.readString(startup) : "")
                    + (Files.exists(log) ? Files.readString(log) : "(no error.log)");
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            Programs.destroyTree(process.toHandle());
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
