package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;

/**
 * Throughput of a full, verified pull next to what the machine allows, measured in the same run on the same
 * ≥ 1 GiB, 8-layer image in a lab registry (plain HTTP on loopback):
 * <ul>
 * <li>the console client (digest and size of every blob verified while streaming, nothing written);</li>
 * <li>raw transfer of the same blobs with curl to /dev/null, one after another and 3 at a time (as the client);</li>
 * <li>{@code skopeo copy} of the image to a directory on tmpfs (/dev/shm);</li>
 * <li>the JVM's single-core SHA-256 rate (the ceiling of verifying one stream).</li>
 * </ul>
 * Not a test: tagged "benchmark", excluded from the normal build; run it with {@code scripts/bench-client.sh}.
 * Each figure is the best of {@code bench.rounds} rounds (default 3) since other work on the machine only ever
 * slows a round down; the median is printed too.
 */
@Tag("benchmark")
class ClientPullBenchmark {

    private static final String REPO_TAG = "bench/large:1";

    @Test
    void fullPullThroughput() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        long size = Long.getLong("bench.bytes", RegistryLab.LARGE_IMAGE_BYTES);
        int layerCount = Integer.getInteger("bench.layers", RegistryLab.LARGE_IMAGE_LAYERS);
        String loadBefore = loadAverage();
        RegistryLab lab = RegistryLab.get();
        LabRegistry registry = lab.anonymous();
        SeededImage image = lab.pushLargeImage(registry, REPO_TAG, size, layerCount);
        LabImage.Manifest manifest = image.single();
        long bytes = manifest.config().size() + manifest.layers().stream().mapToLong(LabImage.Layer::size).sum();
        List<String> urls = manifest.layers().stream()
                .map(l -> registry.baseUrl() + "/v2/" + image.repository() + "/blobs/" + l.digest()).toList();
        ImageReference ref = LabClients.ref(registry, REPO_TAG);
        int parallel = ClientOptions.defaults().maxParallelDownloads();

        List<Row> rows = List.of(
                new Row("JVM SHA-256, one core", new ArrayList<>()),
                new Row("console client, full verified pull (" + parallel + " parallel)", new ArrayList<>()),
                new Row("console client, full verified pull (1 at a time)", new ArrayList<>()),
                new Row("raw transfer, curl > /dev/null, sequential", new ArrayList<>()),
                new Row("raw transfer, curl > /dev/null, " + parallel + " parallel", new ArrayList<>()),
                new Row("skopeo copy to dir: on /dev/shm", new ArrayList<>()));
        List<Rate> rates = List.of(
                ClientPullBenchmark::sha256Rate,
                () -> clientPull(registry, ref, manifest, parallel),
                () -> clientPull(registry, ref, manifest, 1),
                () -> curl(urls, 1, bytes),
                () -> curl(urls, parallel, bytes),
                () -> skopeoCopy(lab, registry, bytes));
        clientPull(registry, ref, manifest, parallel); // JIT warm-up: the SHA-256 intrinsics need compiled callers
        // Rounds interleave the measurements so that other load on the machine hits all of them alike.
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < rows.size(); i++) {
                double rate = rates.get(i).bytesPerSecond();
                rows.get(i).rates().add(rate);
                System.out.printf(Locale.ROOT, "round %d  %-58s %6.0f MB/s%n", round, rows.get(i).name(), rate / 1e6);
            }
        }

        double client = rows.get(1).best();
        double sha = rows.get(0).best();
        double rawSequential = rows.get(3).best();
        double rawParallel = rows.get(4).best();
        double ceiling = Math.min(sha, Math.max(rawSequential, rawParallel));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nFull pull benchmark: %s, %d layers, %.1f MiB (config + layers), %d round(s), loopback HTTP%n",
                REPO_TAG, manifest.layers().size(), bytes / 1048576.0, rounds));
        out.append(String.format(Locale.ROOT, "load average before: %s, after: %s%n", loadBefore, loadAverage()));
        out.append(String.format(Locale.ROOT, "%-58s %10s %10s%n", "measurement", "best MB/s", "median"));
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-58s %10.0f %10.0f%n", row.name(), row.best() / 1e6, row.median() / 1e6));
        }
        out.append(String.format(Locale.ROOT, "%nceiling = min(SHA-256 %.0f, raw %.0f) = %.0f MB/s; client reaches %.0f %% of it "
                        + "(target 70 %%), %.1f x skopeo%n", sha / 1e6, Math.max(rawSequential, rawParallel) / 1e6, ceiling / 1e6,
                100 * client / ceiling, client / rows.get(5).best()));
        System.out.println(out);
        Files.writeString(Path.of("target", "bench-client.txt"), out.toString());
    }

    interface Rate {
        double bytesPerSecond() throws Exception;
    }

    record Row(String name, List<Double> rates) {
        double best() {
            return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double median() {
            List<Double> sorted = rates.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    private static double clientPull(LabRegistry registry, ImageReference ref, LabImage.Manifest manifest, int parallel) {
        RegistryClient client = RegistryClient.create(LabClients.endpoint(registry, Credentials.anonymous()),
                ClientOptions.builder().maxParallelDownloads(parallel).build(), OutboundPolicy.defaults());
        PullResult result = client.pull(ref, Platform.LINUX_AMD64, null, null);
        assertThat(result.manifest().digest()).isEqualTo(Digest.parse(manifest.digest()));
        return result.bytes() / (result.duration().toNanos() / 1e9);
    }

    /** MessageDigest over a 1 MiB heap buffer for 3 s after 1 s of warm-up. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double sha256Rate() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        new java.util.Random(1).nextBytes(buffer.array());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
            md.update(buffer.clear());
        }
        long bytes = 0;
        long start = System.nanoTime();
        end = start + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            md.update(buffer.clear());
            bytes += buffer.capacity();
        }
        md.digest();
        return bytes / ((System.nanoTime() - start) / 1e9);
    }

    /** curl, without verification, writing to /dev/null; {@code parallel} transfers at a time in one process. */
    private static double curl(List<String> urls, int parallel, long bytes) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail"));
        if (parallel > 1) {
            command.addAll(List.of("--parallel", "--parallel-max", Integer.toString(parallel)));
        }
        for (String url : urls) {
            command.addAll(List.of("-o", "/dev/null", url));
        }
        long start = System.nanoTime();
        run(command);
        long layerBytes = bytes; // the config blob (a few hundred bytes) is not fetched; negligible
        return layerBytes / ((System.nanoTime() - start) / 1e9);
    }

    private static double skopeoCopy(RegistryLab lab, LabRegistry registry, long bytes) throws Exception {
        Path target = Files.createTempDirectory(Path.of("/dev/shm"), "bench-skopeo-");
        try {
            long start = System.nanoTime();
            lab.skopeo().run("copy", "--quiet", "--src-tls-verify=false", registry.dockerReference(REPO_TAG), "dir:" + target)
                    .stdoutOrThrow();
            return bytes / ((System.nanoTime() - start) / 1e9);
        } finally {
            try (Stream<Path> walk = Files.walk(target)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 4)) + " ... failed with exit code " + p.exitValue());
        }
    }

}
