package io.registryconsole.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.ImageReference;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.PullResult;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;

/**
 * Numbers, not assertions on time: run with {@code scripts/bench-checks.sh} (tagged "benchmark", excluded from the
 * normal build). Requests go through the whole web stack in-process (MockMvc: filters, security, controllers, JSON,
 * the services, the database) and over loopback to real lab registries. The table lands in target/bench-checks.txt.
 * <ol>
 * <li>MANIFEST test pull latency against the token-auth registry, the token cached after the first pull;</li>
 * <li>200 registries checked at once, half of them silent (a port that never accepts: connect timeout);</li>
 * <li>a FULL test pull of the 1 GiB, 8-layer lab image through the API next to the protocol client's own full pull
 * of the same image in the same run (the client benchmark's measurement), interleaved, best of {@code bench.rounds} (5).</li>
 * </ol>
 */
@Tag("benchmark")
@ConsoleLabTest
@TestPropertySource(properties = "spring.test.mockmvc.print=none") // not the work of buffering each exchange's print-out
class ChecksBenchmark {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CheckProperties checkProperties;

    @RegisterExtension
    final LabConsole console = LabConsole.withCleanTables();

    private final List<String> lines = new ArrayList<>();

    @Test
    void benchmarks() throws IOException {
        RegistryLab lab = RegistryLab.get();
        line("Registry Console checks/pull-test benchmarks, " + Runtime.getRuntime().availableProcessors() + " CPUs");
        String only = System.getProperty("bench.only", "123");
        if (only.contains("1")) {
            manifestLatency(lab.token());
        }
        if (only.contains("2")) {
            concurrentChecks(lab.anonymous());
        }
        if (only.contains("3")) {
            fullPull(lab);
        }
        Files.writeString(Path.of("target/bench-checks.txt"), String.join("\n", lines) + "\n");
    }

    // ------------------------------------------------------------------ 1

    void manifestLatency(LabRegistry token) {
        int n = Integer.getInteger("bench.pulls", 300);
        long id = console.register(token);
        String body = "{\"image\": \"" + RegistryLab.ALPINE + "\", \"registryId\": " + id + "}";
        // the same HEAD straight through one protocol client: what the registry and loopback cost
        RegistryClient direct = RegistryClient.create(RegistryEndpoint.of(token.baseUrl().toString(), false, token.caPem(),
            Credentials.basic(RegistryLab.TOKEN_ADMIN.username(), RegistryLab.TOKEN_ADMIN.password())), ClientOptions.defaults(),
            OutboundPolicy.defaults());
        ImageReference alpine = ImageReference.parse(token.reference(RegistryLab.ALPINE));
        int warmUp = Integer.getInteger("bench.warmup", 200);
        for (int i = 0; i < warmUp; i++) {
            assertThat(manifestPull(body).<String>read("$.status")).isEqualTo("SUCCEEDED");
            direct.head(alpine);
        }
        String load = loadAverage();
        double[] wall = new double[n];
        double[] pull = new double[n];
        double[] queued = new double[n];
        double[] stored = new double[n];
        double[] head = new double[n];
        double[] web = new double[n];
        double[] pullCpu = new double[n];
        double[] headCpu = new double[n];
        for (int i = 0; i < n; i++) {
            // interleaved, so that a busy moment of the machine hits both sides alike
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            MvcTestResult result = manifestExchange(body);
            wall[i] = (System.nanoTime() - start) / 1e6;
            pullCpu[i] = (processCpuNanos() - cpu) / 1e6;
            DocumentContext view = JsonPath.parse(body(result));
            assertThat(view.<String>read("$.status")).isEqualTo("SUCCEEDED");
            pull[i] = view.<Number>read("$.durationMs").doubleValue();
            Instant created = Instant.parse(view.read("$.createdAt"));
            Instant started = Instant.parse(view.read("$.startedAt"));
            Instant finished = Instant.parse(view.read("$.finishedAt"));
            queued[i] = Duration.between(created, started).toNanos() / 1e6;
            stored[i] = Duration.between(started, finished).toNanos() / 1e6 - pull[i];
            web[i] = wall[i] - Duration.between(created, finished).toNanos() / 1e6;
            cpu = processCpuNanos();
            start = System.nanoTime();
            direct.head(alpine);
            head[i] = (System.nanoTime() - start) / 1e6;
            headCpu[i] = (processCpuNanos() - cpu) / 1e6;
        }
        line("");
        line("1. MANIFEST test pull, token-auth TLS registry (token cached), " + n + " sequential requests after " + warmUp + " warm-up (token cached, JIT), "
            + "each followed by the protocol client's HEAD; load average " + load + " before, " + loadAverage() + " after");
        line("   " + stats("POST /api/v1/pull-tests?wait=10 until the stored result", wall));
        line("   " + stats("the pull itself (its durationMs, whole ms)", pull) + " (target p50 < 10 ms)");
        line("   " + stats("the protocol client's HEAD alone", head));
        // the process CPU clock ticks in 10 ms steps here: only the mean over all requests says something
        line(String.format(Locale.ROOT, "   CPU time of this JVM (all threads, GC and JIT too) per API test pull: mean %.2f ms; per HEAD: mean %.2f ms",
            Arrays.stream(pullCpu).average().orElseThrow(), Arrays.stream(headCpu).average().orElseThrow()));
        line("   where the request's time goes besides the pull (from the stored timestamps):");
        line("   " + stats("  createdAt -> startedAt (insert, hand-off to the pool, RUNNING update)", queued));
        line("   " + stats("  startedAt -> finishedAt minus durationMs", stored));
        line("   " + stats("  the rest: web stack, security, validation, JSON, wake-ups", web));
    }

    /** CPU time of all of this JVM's threads (GC and JIT included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String stats(String what, double[] values) {
        return String.format(Locale.ROOT, "%-72s p50 %6.2f ms, p90 %6.2f ms, p99 %6.2f ms, max %7.2f ms", what + ":", percentile(values, 50),
            percentile(values, 90), percentile(values, 99), percentile(values, 100));
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    DocumentContext manifestPull(String body) {
        return JsonPath.parse(body(manifestExchange(body)));
    }

    /** The request and its answer, nothing parsed yet (the benchmark's own JSON reading is not the console's time). */
    MvcTestResult manifestExchange(String body) {
        MvcTestResult r = mvc.post().uri("/api/v1/pull-tests?wait=10").contentType(MediaType.APPLICATION_JSON).content(body).with(csrf())
            .exchange();
        assertThat(r.getResponse().getStatus()).isEqualTo(HttpStatus.ACCEPTED.value());
        return r;
    }

    // ------------------------------------------------------------------ 2

    void concurrentChecks(LabRegistry anonymous) {
        int total = Integer.getInteger("bench.checks", 200);
        List<Loopback.BlackHole> holes = new ArrayList<>();
        try {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < total / 2; i++) {
                ids.add(console.register(anonymous));
                if (i % 10 == 0) {
                    holes.add(new Loopback.BlackHole());
                }
                ids.add(console.register("silent", "http://127.0.0.1:" + holes.get(holes.size() - 1).port(), true, null, null));
            }
            String body = "{\"registryIds\": " + ids + "}";
            checkAll(body); // warm-up: JIT, thread pool
            String load = loadAverage();
            long start = System.nanoTime();
            DocumentContext all = checkAll(body);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Boolean> ok = all.read("$[*].report.ok");
            List<String> categories = all.read("$[?(@.report.ok == false)].report.category");
            // each check's own time: the sum of its steps (what checking them one after another would take)
            List<Number> stepMillis = all.read("$[*].report.steps[*].durationMs");
            double serial = stepMillis.stream().mapToLong(Number::longValue).sum() / 1e3;
            line("");
            line("2. " + total + " registries checked at once (POST /api/v1/registries/checks), half of them silent (a loopback port "
                + "that never accepts); load average " + load + " before, " + loadAverage() + " after");
            line(String.format(Locale.ROOT, "   wall time %.2f s; connect timeout %.1f s, check timeout %.1f s; %d ok, %d failed %s",
                seconds, checkProperties.connectTimeout().toMillis() / 1e3, checkProperties.timeout().toMillis() / 1e3, ok.stream().filter(b -> b).count(), categories.size(),
                categories.stream().distinct().toList()));
            line(String.format(Locale.ROOT, "   the checks' own durations add up to %.1f s (one after another); wall time / connect timeout = %.2f",
                serial, seconds * 1e3 / checkProperties.connectTimeout().toMillis()));
        } finally {
            holes.forEach(Loopback.BlackHole::close);
        }
    }

    DocumentContext checkAll(String body) {
        MvcTestResult r = mvc.post().uri("/api/v1/registries/checks").with(user("bench").roles("ADMIN")).with(csrf())
            .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
        assertThat(r).hasStatusOk();
        return JsonPath.parse(body(r));
    }

    // ------------------------------------------------------------------ 3

    void fullPull(RegistryLab lab) {
        int rounds = Integer.getInteger("bench.rounds", 3);
        LabRegistry registry = lab.anonymous();
        SeededImage image = lab.pushLargeImage(registry, "bench/large:1");
        long bytes = image.single().config().size() + image.single().layers().stream().mapToLong(l -> l.size()).sum();
        ImageReference ref = ImageReference.parse(registry.reference("bench/large:1"));
        long id = console.register(registry);
        String body = "{\"image\": \"bench/large:1\", \"registryId\": " + id + ", \"mode\": \"FULL\"}";

        double[] client = new double[rounds];
        double[] reused = new double[rounds];
        RegistryClient kept = RegistryClient.create(RegistryEndpoint.of(registry.baseUrl().toString(), true, null, Credentials.anonymous()),
            ClientOptions.defaults(), OutboundPolicy.defaults());
        // warm-up: the registry's blob files into the page cache, the JIT on the download path
        pull(kept, ref, image);
        String load = loadAverage();
        double[] api = new double[rounds];
        double[] apiWall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            // interleaved, and in turn first, so that a busy moment of the machine does not favour one side
            if (i % 2 == 0) {
                client[i] = clientPull(registry, ref, image);
                reused[i] = pull(kept, ref, image);
                apiWall[i] = apiPull(body, bytes, api, i);
            } else {
                apiWall[i] = apiPull(body, bytes, api, i);
                reused[i] = pull(kept, ref, image);
                client[i] = clientPull(registry, ref, image);
            }
        }
        line("");
        line(String.format(Locale.ROOT, "3. FULL pull of %s (%.2f GiB, %d layers), %d interleaved rounds after a warm-up pull, MB/s (10^6 bytes); "
                + "load average %s before, %s after", "bench/large:1", bytes / (double) (1L << 30), image.single().layers().size(), rounds,
            load, loadAverage()));
        line("   " + rates("protocol client, new per round (as bench-client)", client));
        line("   " + rates("protocol client kept between rounds", reused));
        line("   " + rates("test pull via the API, its throughput", api));
        line("   " + rates("test pull via the API, request wall time", apiWall));
        line(String.format(Locale.ROOT, "   API / client (new per round): best %.1f %%, median %.1f %% (throughput); best %.1f %%, median %.1f %% "
                + "(wall time); target within 10 %%", 100 * best(api) / best(client), 100 * percentile(api, 50) / percentile(client, 50),
            100 * best(apiWall) / best(client), 100 * percentile(apiWall, 50) / percentile(client, 50)));
    }

    static double best(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    static String rates(String what, double[] values) {
        return String.format(Locale.ROOT, "%-50s best %6.1f, median %6.1f  (rounds %s)", what + ":", best(values) / 1e6,
            percentile(values, 50) / 1e6, mbs(values));
    }

    /** As ClientPullBenchmark measures it: a new client, default options (3 layers at a time), nothing written. */
    static double clientPull(LabRegistry registry, ImageReference ref, SeededImage image) {
        return pull(RegistryClient.create(RegistryEndpoint.of(registry.baseUrl().toString(), true, null, Credentials.anonymous()),
            ClientOptions.defaults(), OutboundPolicy.defaults()), ref, image);
    }

    static double pull(RegistryClient c, ImageReference ref, SeededImage image) {
        PullResult result = c.pull(ref, Platform.LINUX_AMD64, null, null);
        assertThat(result.manifest().digest()).isEqualTo(Digest.parse(image.single().digest()));
        return result.bytes() / (result.duration().toNanos() / 1e9);
    }

    /** @return bytes per second over the request's wall time; the pull's own throughput goes to {@code api[i]} */
    double apiPull(String body, long bytes, double[] api, int i) {
        long start = System.nanoTime();
        MvcTestResult r = mvc.post().uri("/api/v1/pull-tests?wait=60").contentType(MediaType.APPLICATION_JSON).content(body)
            .with(csrf()).exchange();
        double wall = (System.nanoTime() - start) / 1e9;
        DocumentContext view = JsonPath.parse(body(r));
        assertThat(view.<String>read("$.status")).as(view.jsonString()).isEqualTo("SUCCEEDED");
        assertThat(view.<Number>read("$.bytes").longValue()).isEqualTo(bytes);
        api[i] = view.<Number>read("$.throughput").doubleValue();
        return bytes / wall;
    }

    // ------------------------------------------------------------------ helpers

    static String mbs(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v / 1e6)).toList().toString();
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    void line(String text) {
        System.out.println(text);
        lines.add(text);
    }

    static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
