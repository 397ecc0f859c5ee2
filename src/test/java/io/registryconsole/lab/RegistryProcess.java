package io.registryconsole.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One {@code docker-registry serve config.yml} process (CNCF distribution 2.8) on 127.0.0.1. It listens on
 * port 0 so the kernel picks a free port without races; the port is read from the registry's
 * "listening on" log line, then {@code /v2/} is polled until it answers.
 */
final class RegistryProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private static final String GUARD = "exec 3<&0; \"$1\" serve \"$2\" </dev/null & pid=$!; "
        + "(read -r _ <&3; kill $pid 2>/dev/null) & wait $pid";

    private final Process process;
    private final int port;
    private final Path logFile;

    private RegistryProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Writes {@code dir/config.yml} from {@code config} (whose {@code http.addr} must be 127.0.0.1:0), starts
     * the registry with its output in {@code dir/logs/registry.log} and waits until /v2/ answers.
     */
    static RegistryProcess start(String name, Path dir, RegistryConfig config) {
        Path binary = Programs.require("docker-registry", "docker-registry");
        Path logFile;
        Path configFile = dir.resolve("config.yml");
        try {
            Files.createDirectories(dir.resolve("logs"));
            logFile = dir.resolve("logs").resolve("registry.log");
            Files.writeString(configFile, config.yaml(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            // A small sh guard keeps stdin as a pipe from this JVM: when the JVM dies, even by SIGKILL, the pipe
            // closes, `read` returns and the registry is killed, so no registry outlives its tests.
            process = new ProcessBuilder("/bin/sh", "-c", GUARD, "docker-registry-guard", binary.toString(),
                configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary + " for the " + name
                + " registry: install Debian's docker-registry (apt-get install docker-registry)", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            int port = awaitPort(process, logFile, deadline);
            awaitV2(process, config.tls(), port, deadline);
            return new RegistryProcess(process, port, logFile);
        } catch (RuntimeException e) {
            Programs.destroyTree(process.toHandle());
            throw new IllegalStateException("the " + name + " registry (docker-registry serve " + configFile
                + ") did not start: " + e.getMessage() + "\nlast lines of " + logFile + ":\n"
                + Programs.tail(logFile, 12), e);
        }
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void stop() {
        Programs.destroyTree(process.toHandle());
    }

    private static int awaitPort(Process process, Path logFile, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(logFile)) {
                    Matcher matcher = LISTENING.matcher(Files.readString(logFile, StandardCharsets.UTF_8));
                    if (matcher.find()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // the log is being written; read it again
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue());
            }
            sleep();
        }
        throw new IllegalStateException("no 'listening on' line within " + START_TIMEOUT);
    }

    /** Polls /v2/ until any HTTP answer arrives (200 or 401 both mean the API is up). */
    private static void awaitV2(Process process, boolean tls, int port, long deadline) {
        URI uri = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + "/v2/");
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                if (connection instanceof HttpsURLConnection https) {
                    // Readiness only: the certificate may be deliberately broken (expired, other host).
                    https.setSSLSocketFactory(TRUST_ALL.getSocketFactory());
                    https.setHostnameVerifier((host, session) -> true);
                }
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200 || status == 401) {
                    return;
                }
                last = new IllegalStateException("GET " + uri + " answered " + status);
            } catch (IOException e) {
                last = e;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the process exited with " + process.exitValue());
            }
            sleep();
        }
        throw new IllegalStateException("GET " + uri + " did not answer within " + START_TIMEOUT + ": " + last);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the registry", e);
        }
    }

    private static final SSLContext TRUST_ALL = trustAll();

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's config.yml, built from the few settings the lab varies. */
    record RegistryConfig(String name, Path storage, Path tlsCertificate, Path tlsKey, String authYaml, String extraYaml) {

        RegistryConfig(String name, Path storage, Path tlsCertificate, Path tlsKey, String authYaml) {
            this(name, storage, tlsCertificate, tlsKey, authYaml, null);
        }

        boolean tls() {
            return tlsCertificate != null;
        }

        String yaml() {
            StringBuilder yaml = new StringBuilder();
            yaml.append("version: 0.1\n");
            // One "response completed" line per request is enough: the combined-format access log is off.
            yaml.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: true\n");
            yaml.append("  fields:\n    lab: ").append(name).append('\n');
            yaml.append("storage:\n");
            yaml.append("  filesystem:\n    rootdirectory: ").append(quote(storage)).append('\n');
            // No blob descriptor cache: sizes come from the files on disk, so a truncated blob shows as such.
            yaml.append("  delete:\n    enabled: true\n");
            yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
            yaml.append("http:\n  addr: 127.0.0.1:0\n");
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            yaml.append("  secret: ").append(HexFormat.of().formatHex(secret)).append('\n');
            yaml.append("  headers:\n    X-Content-Type-Options: [nosniff]\n");
            if (tls()) {
                yaml.append("  tls:\n    certificate: ").append(quote(tlsCertificate)).append('\n');
                yaml.append("    key: ").append(quote(tlsKey)).append('\n');
            }
            if (authYaml != null) {
                yaml.append("auth:\n").append(authYaml);
            }
            if (extraYaml != null) {
                yaml.append(extraYaml);
            }
            return yaml.toString();
        }

        static String quote(Path path) {
            return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
