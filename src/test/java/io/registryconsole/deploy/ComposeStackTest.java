package io.registryconsole.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;

/**
 * The end-to-end deployment test of issue #9 on a real engine: Debian's dockerd (isolated, {@link DockerEngine}), base
 * images built from Debian packages ({@link DebianImages}, cached between runs) and pushed to a lab registry on
 * loopback, the console image built by Jib onto that JRE base and pushed there too, then the repository's own
 * {@code docker-compose.yml} started with Debian's docker-compose 1.29, every image replaced through its variables.
 * Checked: health UP from inside the compose network and from the host, a page sign-in, and a FULL test pull of the
 * image the stack's seed put into the stack's registry, through the API (by registry, and by the environment that
 * console-init made); then the two-instances profile: the page session made on one console works on the other and
 * through nginx. Prints the compose start-to-healthy time. Fails with the reason when dockerd cannot start.
 */
class ComposeStackTest {

    private static final String ADMIN_PASSWORD = "compose-e2e-admin-1";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void composeStackStartsOnDebianBuiltImagesAndTestPullsThroughTheApi() throws Exception {
        LabRegistry lab = RegistryLab.get().anonymous();
        Path engineDir;
        try (DockerEngine engine = DockerEngine.start()) {
            engineDir = engine.dataRoot().getParent();
            DebianImages images = new DebianImages(engine, dir);
            images.prepareAll();
            images.log().forEach(line -> System.out.println("[compose-e2e] " + line));

            String labHost = lab.hostPort();
            String jre = labHost + "/rc-e2e/jre:17";
            images.push(DebianImages.JRE, jre);
            String consoleImage = labHost + "/rc-e2e/registry-console:e2e";
            long jibStart = System.nanoTime();
            Programs.Result jib = Programs.run(List.of("./mvnw", "-B", "-ntp", "-q", "jib:build", "-Dconsole.image.base=" + jre,
                "-Dconsole.image.name=" + consoleImage, "-Dconsole.image.insecure-registries=true",
                "-Djib.outputPaths.digest=" + dir.resolve("jib-digest"), "-Djib.outputPaths.imageId=" + dir.resolve("jib-id"),
                "-Djib.outputPaths.imageJson=" + dir.resolve("jib-image.json")), Map.of(), Duration.ofMinutes(15));
            assertThat(jib.ok()).as(jib.describe()).isTrue();
            System.out.println("[compose-e2e] Jib built and pushed " + consoleImage + " in " + seconds(jibStart) + " s");
            engine.docker(List.of("pull", consoleImage), Duration.ofMinutes(10)).stdoutOrThrow();

            // the seed copies the lab's small image from an OCI layout mounted into its container (the stack's
            // network reaches nothing outside; Docker Hub is not used)
            Path seed = dir.resolve("seed");
            RegistryLab.get().skopeo().run(List.of("copy", "--all", "--src-tls-verify=false",
                "docker://" + lab.reference(RegistryLab.ALPINE), "oci:" + seed + ":3")).stdoutOrThrow();
            Path override = dir.resolve("compose.e2e.yml");
            Files.writeString(override, "services:\n  seed:\n    volumes:\n      - " + seed + ":/seed:ro\n");

            Compose compose = new Compose(engine, override, Map.of(
                "POSTGRES_IMAGE", tagged(engine, DebianImages.POSTGRES, labHost),
                "REGISTRY_IMAGE", tagged(engine, DebianImages.REGISTRY, labHost),
                "SKOPEO_IMAGE", tagged(engine, DebianImages.SKOPEO, labHost),
                "CURL_IMAGE", tagged(engine, DebianImages.CURL, labHost),
                "NGINX_IMAGE", tagged(engine, DebianImages.NGINX, labHost),
                "CONSOLE_IMAGE", consoleImage,
                "SEED_SOURCE", "oci:/seed:3"));
            try {
                Instant up = Instant.now();
                compose.run("up", "-d").stdoutOrThrow();
                int port = Integer.parseInt(compose.run("port", "console", "8080").stdoutOrThrow().strip().replaceAll(".*:", ""));
                String base = "http://127.0.0.1:" + port;
                String health = waitFor(() -> get(base + "/actuator/health"), body -> body != null && body.contains("\"UP\""),
                    "health UP on the host", compose);
                Duration toHealthy = Duration.between(up, Instant.now());
                System.out.println("[compose-e2e] docker-compose up to health UP on the host: " + toHealthy.toMillis() / 1000.0 + " s");
                assertThat(health).contains("\"status\":\"UP\"");

                // from inside the compose network, by service name
                Programs.Result inside = compose.run("run", "--rm", "--no-deps", "--entrypoint", "curl", "console-init",
                    "-fsS", "http://console:8080/actuator/health");
                assertThat(inside.ok()).as(inside.describe()).isTrue();
                assertThat(inside.stdout()).contains("\"status\":\"UP\"");

                // the one-shot services did their work: the seed copied the image, console-init registered the registry
                waitFor(() -> exitCode(engine, compose, "console-init"), "0"::equals, "console-init exits 0", compose);
                assertThat(exitCode(engine, compose, "seed")).as("the seed's exit code").isEqualTo("0");

                // a user signs in (a page session) and the API test pulls the seeded image from the stack's registry
                String session = signIn(base);
                HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", "SESSION=" + session).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(home.statusCode()).isEqualTo(200);
                assertThat(home.body()).contains("admin");

                String registries = api(base, "GET", "/api/v1/registries?size=100", null, 200);
                long registryId = idOf(registries, "local");
                assertPullSucceeds(base, "{\"image\":\"library/alpine:3\",\"registryId\":" + registryId + ",\"mode\":\"FULL\"}");
                String environments = api(base, "GET", "/api/v1/environments?size=100", null, 200);
                long environmentId = idOf(environments, "compose");
                String pull = assertPullSucceeds(base, "{\"image\":\"alpine:3\",\"environmentId\":" + environmentId + ",\"mode\":\"FULL\"}");
                assertThat(pull).contains("registry:5000");

                // --profile two-instances: a second console on the same database and nginx in front; the page session
                // made on the first console is a session on the second (asked from inside the network, by name)
                Instant second = Instant.now();
                compose.run("--profile", "two-instances", "up", "-d").stdoutOrThrow();
                waitFor(() -> health(engine, compose, "console2"), "healthy"::equals, "console2 healthy", compose);
                System.out.println("[compose-e2e] second console healthy " + Duration.between(second, Instant.now()).toMillis() / 1000.0
                    + " s after its docker-compose up");
                Programs.Result onSecond = compose.run("run", "--rm", "--no-deps", "--entrypoint", "curl", "console-init",
                    "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Cookie: SESSION=" + session, "http://console2:8080/");
                assertThat(onSecond.stdout().strip()).as("the start page on console2 with the session made on console: %s", onSecond.describe())
                    .isEqualTo("200");
                Programs.Result withoutSession = compose.run("run", "--rm", "--no-deps", "--entrypoint", "curl", "console-init",
                    "-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://console2:8080/");
                assertThat(withoutSession.stdout().strip()).as("console2 without a session").isEqualTo("302");
                String lb = "http://127.0.0.1:" + compose.environment.get("LB_PORT");
                waitFor(() -> get(lb + "/actuator/health"), body -> body != null && body.contains("\"UP\""), "health UP through nginx", compose);
                for (int i = 0; i < 4; i++) { // round-robin: both instances answer with the same session
                    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(lb + "/")).header("Cookie", "SESSION=" + session).build(),
                        HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).as("request %d through nginx", i).isEqualTo(200);
                }
            } finally {
                Programs.Result down = compose.run("down", "-v", "--remove-orphans");
                if (!down.ok()) {
                    System.out.println("[compose-e2e] docker-compose down: " + down.describe());
                }
            }
        }
        assertThat(engineDir).as("the engine's folders, network namespace mount included, are gone").doesNotExist();
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(engineDir.toString());
    }

    private String assertPullSucceeds(String base, String request) throws Exception {
        long id = idOf(api(base, "POST", "/api/v1/pull-tests", request, 202), null);
        String[] last = new String[1];
        try {
            waitFor(() -> last[0] = api(base, "GET", "/api/v1/pull-tests/" + id, null, 200),
                body -> !body.contains("\"status\":\"QUEUED\"") && !body.contains("\"status\":\"RUNNING\""), "test pull " + id + " ends", null);
        } catch (AssertionError e) {
            throw new AssertionError("test pull " + request + ": " + last[0], e);
        }
        assertThat(last[0]).as("test pull %s", request).contains("\"status\":\"SUCCEEDED\"");
        return last[0];
    }

    /** The image retagged under the lab registry's name, as a user's own registry would hold it. */
    private static String tagged(DockerEngine engine, String image, String labHost) {
        String target = labHost + "/" + image;
        engine.docker(List.of("tag", image, target)).stdoutOrThrow();
        return target;
    }

    private static String health(DockerEngine engine, Compose compose, String service) {
        String ids = compose.run("ps", "-q", service).stdoutOrThrow().strip();
        if (ids.isEmpty()) {
            return "no container";
        }
        return engine.docker(List.of("inspect", "--format", "{{.State.Health.Status}}", ids.lines().findFirst().orElseThrow()))
            .stdoutOrThrow().strip();
    }

    private static String exitCode(DockerEngine engine, Compose compose, String service) {
        String ids = compose.run("ps", "-a", "-q", service).stdoutOrThrow().strip();
        if (ids.isEmpty()) {
            return "no container";
        }
        String state = engine.docker(List.of("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", ids.lines().findFirst().orElseThrow()))
            .stdoutOrThrow().strip();
        return state.startsWith("exited ") ? state.substring(7) : state;
    }

    /** Debian's docker-compose 1.29 on the repository's compose file and the test's override, against the engine. */
    private static final class Compose {
        private final List<String> prefix;
        private final Map<String, String> environment = new HashMap<>();

        Compose(DockerEngine engine, Path override, Map<String, String> images) {
            Path composeProgram = Programs.require("docker-compose", "docker-compose");
            prefix = List.of(composeProgram.toString(), "--no-ansi", "--project-name", "rce2e" + ProcessHandle.current().pid(),
                "--project-directory", Path.of("").toAbsolutePath().toString(),
                "-f", Path.of("docker-compose.yml").toAbsolutePath().toString(), "-f", override.toString());
            environment.put("DOCKER_HOST", engine.host());
            environment.put("POSTGRES_PASSWORD", "compose-e2e-db-password");
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            environment.put("CONSOLE_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key));
            environment.put("CONSOLE_ADMIN_PASSWORD", ADMIN_PASSWORD);
            environment.put("CONSOLE_BIND", "127.0.0.1");
            environment.put("CONSOLE_PORT", String.valueOf(freePort()));
            environment.put("LB_PORT", String.valueOf(freePort()));
            environment.put("COMPOSE_HTTP_TIMEOUT", "300");
            environment.putAll(images);
        }

        Programs.Result run(String... args) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(args));
            return Programs.run(command, environment, Duration.ofMinutes(15));
        }

        String logs() {
            Programs.Result logs = run("logs", "--no-color", "--tail", "40");
            return logs.stdout() + logs.stderr();
        }
    }

    /** A port free on loopback right now (compose's ${CONSOLE_PORT:-8080} takes an empty value as unset). */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String signIn(String base) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String session = cookie(login, "SESSION");
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Cookie", "SESSION=" + session).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String renewed = cookie(posted, "SESSION");
        return renewed != null ? renewed : session;
    }

    private String api(String base, String method, String path, String json, int expected) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Basic " + basic)
            .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body()).isEqualTo(expected);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return null;
        }
    }

    /** The id of the item named {@code name} in a page of items (or of the only object when name is null). */
    private static long idOf(String json, String name) {
        Matcher m = Pattern.compile(name == null ? "\"id\"\\s*:\\s*(\\d+)" : "\"id\"\\s*:\\s*(\\d+)[^{}]*?\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"")
            .matcher(json);
        assertThat(m.find()).as("the id of %s in %s", name, json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
            .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst().orElse(null);
    }

    /** Polls until the condition holds; no fixed time limit beyond a generous deadline that only catches a hang. */
    private static <T> T waitFor(Supplier<T> value, java.util.function.Predicate<T> condition, String what, Compose compose)
        throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (true) {
            T current = value.get();
            if (condition.test(current)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waiting until " + what + "; last: " + current + (compose == null ? "" : "\n" + compose.logs()));
            }
            Thread.sleep(500);
        }
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
