package io.registryconsole.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx serving a static web site on 127.0.0.1 (every path answers with the same HTML page, as a web UI
 * or a load balancer's default site does): something that answers HTTP but is not a registry.
 */
public final class StaticSite implements AutoCloseable {

    private final Process process;
    private final int port;
    private StaticSite(Path dir) throws IOException {
        Path nginx = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx")).stream().filter(Files::isExecutable).findFirst()
            .orElseThrow(() -> new AssertionError("nginx is not installed: install Debian's package nginx (apt-get install nginx; "
                + "scripts/test.sh installs it)"));
        this.port = Loopback.closedPort();
        // nginx's workers run as an unprivileged user when the tests run as root: they must be able to read the site
        readable(dir);
        Path html = readable(dir.resolve("html"));
        Files.writeString(html.resolve("index.html"), "<!doctype html><html><head><title>Welcome</title></head>"
            + "<body><h1>Company intranet</h1></body></html>\n");
        Files.setPosixFilePermissions(html.resolve("index.html"), PosixFilePermissions.fromString("rw-r--r--"));
        List<String> temp = new ArrayList<>();
        for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            temp.add("  " + t + "_temp_path " + readable(dir.resolve("tmp-" + t)) + ";");
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "worker_processes 1;\nerror_log " + dir.resolve("error.log") + ";\npid " + dir.resolve("nginx.pid") + ";\n"
            + "events { worker_connections 64; }\n"
            + "http {\n  access_log off;\n" + String.join("\n", temp) + "\n"
            + "  types { text/html html; }\n"
            + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + html + ";\n"
            + "    location / { try_files $uri /index.html; }\n  }\n}\n");
        process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-e", dir.resolve("startup.log").toString(), "-c",
            conf.toString(), "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        for (int i = 0; i < 250; i++) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
                }
                sleep();
            }
        }
        close();
        throw new AssertionError("nginx does not listen on " + port);
    }

    public static StaticSite start(Path dir) {
        try {
            return new StaticSite(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path readable(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
