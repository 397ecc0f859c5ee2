package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's {@code tinyproxy} as the HTTP proxy of a group of nodes, on 127.0.0.1 with Basic auth, allowing only
 * 127.0.0.1 as client and CONNECT only to the given ports; it logs every request line to {@link #log()}. Started in
 * the foreground, stopped (with its children) by {@link #close()}.
 *
 * <p>Go's NO_PROXY reader, which the console follows like docker and containerd, never proxies {@code localhost} or
 * loopback addresses. So tests name lab registries {@link #REGISTRY_NAME}, which only the proxy resolves (to
 * 127.0.0.1): it runs in its own mount namespace ({@code unshare}, util-linux) with a private {@code /etc/hosts} bound
 * over the real one, which stays untouched. That needs root, as the Docker tests do.
 */
public final class Tinyproxy implements AutoCloseable {

    /** A name only the proxy resolves, to 127.0.0.1. */
    public static final String REGISTRY_NAME = "registry.proxied.test";

    private final Path dir;
    private final int port;
    private final Process process;

    private Tinyproxy(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** A proxy demanding {@code user}/{@code password}, allowing CONNECT to {@code connectPorts} only. */
    public static Tinyproxy start(Path dir, String user, String password, List<Integer> connectPorts) {
        Path binary = Programs.require("tinyproxy", "tinyproxy");
        try {
            Files.createDirectories(dir);
            int port = freePort();
            StringBuilder conf = new StringBuilder()
                .append("Port ").append(port).append('\n')
                .append("Listen 127.0.0.1\n")
                .append("Timeout 30\n")
                .append("LogFile \"").append(dir.resolve("tinyproxy.log")).append("\"\n")
                .append("LogLevel Info\n")
                .append("MaxClients 20\n")
                .append("Allow 127.0.0.1\n")
                .append("BasicAuth ").append(user).append(' ').append(password).append('\n');
            connectPorts.forEach(p -> conf.append("ConnectPort ").append(p).append('\n'));
            Files.writeString(dir.resolve("tinyproxy.conf"), conf);
            Path unshare = Programs.require("unshare", "util-linux");
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("the proxy tests bind a private /etc/hosts for tinyproxy and need root");
            }
            Path hosts = dir.resolve("hosts");
            Files.writeString(hosts, Files.readString(Path.of("/etc/hosts")) + "\n127.0.0.1 " + REGISTRY_NAME + "\n");
            Process process = new ProcessBuilder(unshare.toString(), "--mount", "sh", "-c",
                "mount --bind \"$1\" /etc/hosts && exec \"$2\" -d -c \"$3\"", "tinyproxy", hosts.toString(), binary.toString(),
                dir.resolve("tinyproxy.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Tinyproxy proxy = new Tinyproxy(dir, port, process);
            proxy.awaitListening();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path log() {
        return dir.resolve("tinyproxy.log");
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tinyproxy exited: " + Programs.tail(dir.resolve("stdout.log"), 10));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        close();
        throw new IllegalStateException("tinyproxy did not listen on " + port + ": " + Programs.tail(dir.resolve("stdout.log"), 10));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        Programs.destroyTree(process.toHandle());
    }
}
