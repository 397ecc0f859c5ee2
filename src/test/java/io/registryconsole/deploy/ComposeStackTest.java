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
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.registryconsole.lab.ImageWriter;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
    private static final String PROBES_EVERY_10S = "{CONSOLE_PROBES_INTERVAL: 10s, CONSOLE_PROBES_JITTER: 1s, CONSOLE_PROBES_POLLINTERVAL: 1s,"
        + " CONSOLE_PROBES_TIMEOUT: 5s}";
    /** nginx in front of the stack's registry: blobs at 16 KiB/s (the console gives up below 10 KiB/s), everything else as fast as the registry. */
    private static final String SLOW_REGISTRY_NGINX = """
        worker_processes 1;
        pid /tmp/nginx.pid;
        events { worker_connections 64; }
        http {
            access_log /dev/stdout;
            client_body_temp_path /tmp/nginx-client-body;
            proxy_temp_path /tmp/nginx-proxy;
            fastcgi_temp_path /tmp/nginx-fastcgi;
            uwsgi_temp_path /tmp/nginx-uwsgi;
            scgi_temp_path /tmp/nginx-scgi;
            server {
                listen 5000;
                location / { proxy_pass http://registry:5000; proxy_set_header Host $http_host; }
                location ~ /blobs/ { proxy_pass http://registry:5000; proxy_set_header Host $http_host; limit_rate 16k; }
            }
        }
        """;
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
            Programs.Result jib = Programs.run(List.of("./mvnw", "-B", "-ntp", "-q", "package", "-Dmaven.test.skip=true", "jib:build", "-Dconsole.image.base=" + jre,
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
            // a bigger image for the FULL test pull that is stopped half-way, and a registry front that serves blobs at
            // 16 KiB/s (nginx's limit_rate) so that pull is still running when its console stops
            Path big = dir.resolve("big");
            ImageWriter writer = ImageWriter.create(big);
            writer.tag(writer.image(ImageWriter.Format.OCI, new LabImage.Platform("linux", "amd64", null), List.of(writer.layer(
                ImageWriter.Format.OCI, false, List.of(ImageWriter.LayerFile.random("data.bin", 9, 4 * 1024 * 1024)))), Map.of()), "1");
            Path slowConf = dir.resolve("slow-nginx.conf");
            Files.writeString(slowConf, SLOW_REGISTRY_NGINX);
            Path override = dir.resolve("compose.e2e.yml");
            Files.writeString(override, "services:\n  seed:\n    volumes:\n      - " + seed + ":/seed:ro\n      - " + big + ":/big:ro\n"
                + "  slowregistry:\n    image: ${NGINX_IMAGE}\n    depends_on:\n      - registry\n    volumes:\n      - " + slowConf
                + ":/etc/nginx/nginx.conf:ro\n"
                + "  console:\n    environment: " + PROBES_EVERY_10S + "\n  console2:\n    environment: " + PROBES_EVERY_10S + "\n");

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
                // the first start made the class data sharing archive (training run) and the console maps it
                assertClassDataSharing(engine, compose, "console", 1);
                assertHeapFollowsTheMemoryLimit(base);

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
                long succeededPull = idOf(pull, null);

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

                // both consoles probe: each registry once per interval (10 s here), whichever console runs it. Meanwhile a
                // FULL test pull of the big image through the slow front runs on console, which is then stopped.
                Instant probesFrom = Instant.now();
                compose.run("run", "--rm", "--no-deps", "seed", "copy", "--dest-tls-verify=false", "oci:/big:1",
                    "docker://registry:5000/demo/big:1").stdoutOrThrow();
                long slowId = idOf(api(base, "POST", "/api/v1/registries",
                    "{\"name\":\"slow\",\"url\":\"http://slowregistry:5000\",\"insecure\":true}", 201), null);
                long slowPull = idOf(api(base, "POST", "/api/v1/pull-tests",
                    "{\"image\":\"demo/big:1\",\"registryId\":" + slowId + ",\"mode\":\"FULL\"}", 202), null);
                waitFor(() -> api(base, "GET", "/api/v1/pull-tests/" + slowPull, null, 200), body -> body.contains("\"status\":\"RUNNING\""),
                    "the slow test pull runs", compose);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), probesFrom.plus(PROBE_INTERVAL.multipliedBy(7).dividedBy(2))).toMillis()));
                Instant probesTo = Instant.now();
                assertProbedOncePerInterval(base, registryId, probesFrom, probesTo);
                assertThat(api(base, "GET", "/api/v1/pull-tests/" + slowPull, null, 200)).as("still running when its console stops")
                    .contains("\"status\":\"RUNNING\"");

                // docker-compose stop: SIGTERM, the graceful shutdown stores the running pull as interrupted
                compose.run("stop", "console").stdoutOrThrow();
                Instant restart = Instant.now();
                compose.run("start", "console").stdoutOrThrow();
                waitFor(() -> get(base + "/actuator/health"), body -> body != null && body.contains("\"UP\""), "health UP after the restart", compose);
                System.out.println("[compose-e2e] console restarted (with its class data sharing archive), health UP on the host after "
                    + Duration.between(restart, Instant.now()).toMillis() / 1000.0 + " s");
                assertClassDataSharing(engine, compose, "console", 1); // the archive of the first start, no second training run

                for (String service : List.of("console", "console2")) { // startup as each JVM logged it, and the idle RSS
                    String id = compose.run("ps", "-q", service).stdoutOrThrow().strip().lines().findFirst().orElseThrow();
                    Programs.Result logs = engine.docker(List.of("logs", id));
                    String rss = engine.docker(List.of("exec", id, "grep", "VmRSS", "/proc/1/status")).stdout().strip();
                    System.out.println("[compose-e2e] " + service + ": " + String.join("; ", Pattern.compile("Started ConsoleApplication in [0-9.]+ seconds")
                        .matcher(logs.stdout() + logs.stderr()).results().map(MatchResult::group).toList()) + "; " + rss);
                }
                String interrupted = api(base, "GET", "/api/v1/pull-tests/" + slowPull, null, 200);
                assertThat(interrupted).contains("\"status\":\"FAILED\"").contains("\"category\":\"CANCELLED\"").contains("interrupted");
                // nothing else lost: the earlier pull, the registries, the environment, the page session
                assertThat(api(base, "GET", "/api/v1/pull-tests/" + succeededPull, null, 200)).contains("\"status\":\"SUCCEEDED\"");
                String after = api(base, "GET", "/api/v1/registries?size=100", null, 200);
                assertThat(idOf(after, "local")).isEqualTo(registryId);
                assertThat(idOf(after, "slow")).isEqualTo(slowId);
                assertThat(idOf(api(base, "GET", "/api/v1/environments?size=100", null, 200), "compose")).isEqualTo(environmentId);
                HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", "SESSION=" + session).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(again.statusCode()).as("the page session after the restart").isEqualTo(200);
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

    /** The registry's probes in [from, to): about one per interval, never two in one interval (a duplicate is ms apart). */
    private void assertProbedOncePerInterval(String base, long registryId, Instant from, Instant to) {
        JsonNode page = JsonMapper.builder().build().readTree(api(base, "GET", "/api/v1/registries/" + registryId + "/probes?size=100&from="
            + from + "&to=" + to, null, 200));
        List<Instant> at = page.findValues("probedAt").stream().map(v -> Instant.parse(v.asString())).sorted().toList();
        List<String> by = page.findValues("probedBy").stream().map(JsonNode::asString).toList();
        long intervals = Duration.between(from, to).toMillis() / PROBE_INTERVAL.toMillis();
        System.out.println("[compose-e2e] probes of registry " + registryId + " in " + Duration.between(from, to).toSeconds() + " s: "
            + at + " by " + by);
        assertThat(at).as("probes in %d whole intervals", intervals).hasSizeBetween((int) intervals - 1, (int) intervals + 1);
        for (int i = 1; i < at.size(); i++) {
            assertThat(Duration.between(at.get(i - 1), at.get(i))).as("gap before probe %d of %s", i, at)
                .isGreaterThan(PROBE_INTERVAL.dividedBy(2));
        }
    }

    /**
     * The console's heap is sized from its container's memory limit (compose's mem_limit, 1 GiB by default, and the
     * image's -XX:MaxRAMPercentage=75), not from the host's memory: at most 768 MiB, and more than half of the limit.
     */
    private void assertHeapFollowsTheMemoryLimit(String base) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
            .header("Authorization", "Basic " + basic).header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        double heapMax = Pattern.compile("(?m)^jvm_memory_max_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$").matcher(metrics.body()).results()
            .mapToDouble(m -> Double.parseDouble(m.group(1))).filter(max -> max > 0).sum();
        long limit = 1L << 30;
        System.out.println("[compose-e2e] the console's maximum heap: " + Math.round(heapMax / (1 << 20)) + " MiB (memory limit 1 GiB)");
        assertThat(heapMax).as("the heap pools' maximum, in bytes").isGreaterThan(limit / 2.0).isLessThanOrEqualTo(limit * 0.75);
    }

    /** The service's console maps the CDS archive (/proc/1/maps: start.sh execs the JVM) and trained {@code trainings} times. */
    private static void assertClassDataSharing(DockerEngine engine, Compose compose, String service, int trainings) {
        String id = compose.run("ps", "-q", service).stdoutOrThrow().strip().lines().findFirst().orElseThrow();
        String maps = engine.docker(List.of("exec", id, "cat", "/proc/1/maps")).stdoutOrThrow();
        assertThat(maps).as("the JVM of %s maps the archive", service).contains("/data/cds/console.jsa");
        Programs.Result logs = engine.docker(List.of("logs", id));
        String output = logs.stdout() + logs.stderr();
        assertThat(output.split("training run for the class data sharing archive", -1)).as("training runs of %s", service)
            .hasSize(trainings + 1);
        assertThat(output).contains("class data sharing archive written: /data/cds/console.jsa");
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
