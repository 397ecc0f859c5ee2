package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.registryconsole.check.Diagnosis;
import io.registryconsole.distribution.ClientOptions;
import io.registryconsole.distribution.Credentials;
import io.registryconsole.distribution.ImageCopier;
import io.registryconsole.distribution.OutboundPolicy;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryEndpoint;
import io.registryconsole.lab.LabImage;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.Programs;
import io.registryconsole.lab.RegistryLab;
import io.registryconsole.lab.SeededImage;
import io.registryconsole.registry.CredentialKind;
import io.registryconsole.registry.RegistryAccess;
import io.registryconsole.registry.RegistryProvider;

/**
 * Replication speed beside skopeo, in one run on the same machine (not a test: tagged "benchmark", run by
 * {@code scripts/bench-replication.sh}):
 * <ol>
 * <li>a 1 GiB, 8-layer image of incompressible data from a lab registry to an EMPTY registry (a fresh
 * docker-registry process per measurement, since blobs already present make any copy free): the console's
 * replication (the same {@link ReplicationJob} the API runs) beside {@code skopeo copy} and beside the ceiling,
 * {@code curl} GET piped into {@code curl} PUT, 3 blobs at a time;</li>
 * <li>a re-sync of 20 repositories × 5 tags already up to date: the replication beside {@code skopeo sync} of the
 * same set (YAML source, one invocation).</li>
 * </ol>
 * Every figure is the best of {@code bench.rounds} (default 2): other load on the machine only slows a round down.
 */
@Tag("benchmark")
class ReplicationBenchmark {

    @Test
    void replicationBesideSkopeo() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 2);
        RegistryLab lab = RegistryLab.get();
        LabRegistry source = lab.anonymous();
        SeededImage large = lab.pushLargeImage(source, "bench/large:1");
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        StringBuilder out = new StringBuilder();
        out.append("load average before: ").append(load).append('\n');

        // -Dbench.blobs=3,8 measures the console once per parallelism (blobs of the image at once) in each round
        List<Integer> parallelism = java.util.Arrays.stream(System.getProperty("bench.blobs", "3").split(","))
            .map(String::strip).map(Integer::valueOf).toList();
        double[] consoleBest = new double[parallelism.size()];
        java.util.Arrays.fill(consoleBest, Double.MAX_VALUE);
        // CPU time of this JVM (the console's side of the copy) is far less sensitive to the machine's load than wall time
        double[] consoleCpuBest = new double[parallelism.size()];
        java.util.Arrays.fill(consoleCpuBest, Double.MAX_VALUE);
        double skopeo = Double.MAX_VALUE;
        double curl = Double.MAX_VALUE;
        boolean copyPart = !"sync".equals(System.getProperty("bench.part"));
        for (int round = 1; copyPart && round <= rounds; round++) {
            for (int p = 0; p < parallelism.size(); p++) {
                LabRegistry empty = lab.emptyRegistry("bench-console-" + round + "-" + p);
                try {
                    long start = System.nanoTime();
                    long cpuStart = processCpuNanos();
                    List<ReplicationView.Image> images = job(source, empty, List.of("bench/large"), 1, parallelism.get(p)).run(sink());
                    double s = seconds(start);
                    double cpu = (processCpuNanos() - cpuStart) / 1e9;
                    consoleCpuBest[p] = Math.min(consoleCpuBest[p], cpu);
                    assertThat(images).singleElement().satisfies(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.COPIED));
                    consoleBest[p] = Math.min(consoleBest[p], s);
                    System.out.printf(Locale.ROOT, "round %d console replication (%d blobs at once) %.2f s, CPU of the console %.2f s%n", round,
                        parallelism.get(p), s, cpu);
                } finally {
                    lab.discard(empty);
                }
            }
            LabRegistry emptyForSkopeo = lab.emptyRegistry("bench-skopeo-" + round);
            try {
                long start = System.nanoTime();
                lab.skopeo().run(List.of("copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false",
                    "docker://" + source.hostPort() + "/bench/large:1", "docker://" + emptyForSkopeo.hostPort() + "/bench/large:1")).stdoutOrThrow();
                double s = seconds(start);
                skopeo = Math.min(skopeo, s);
                System.out.printf(Locale.ROOT, "round %d skopeo copy %.2f s%n", round, s);
            } finally {
                lab.discard(emptyForSkopeo);
            }
            LabRegistry emptyForCurl = lab.emptyRegistry("bench-curl-" + round);
            try {
                double s = curlPipes(source, emptyForCurl, large.single());
                curl = Math.min(curl, s);
                System.out.printf(Locale.ROOT, "round %d curl GET | curl PUT, 3 at a time %.2f s%n", round, s);
            } finally {
                lab.discard(emptyForCurl);
            }
        }
        if (copyPart) {
            out.append(String.format(Locale.ROOT, "1 GiB, 8 layers, to an empty registry (best of %d):%n", rounds));
            for (int p = 0; p < parallelism.size(); p++) {
                out.append(String.format(Locale.ROOT, "  console, %2d blobs at once    %6.2f s  (%.2fx skopeo; console CPU %.2f s)%n", parallelism.get(p),
                    consoleBest[p], skopeo / consoleBest[p], consoleCpuBest[p]));
            }
            out.append(String.format(Locale.ROOT, "  skopeo copy                  %6.2f s%n", skopeo));
            out.append(String.format(Locale.ROOT, "  curl GET | curl PUT, 3 at once %4.2f s  (ceiling)%n", curl));
        }

        if ("copy".equals(System.getProperty("bench.part"))) {
            out.append("load average after: ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append('\n');
            System.out.print(out);
            Files.writeString(Path.of("target/bench-replication.txt"), out.toString());
            return;
        }

        // --- re-sync of 20 repositories x 5 tags that are up to date
        List<String> repos = syncRepositories();
        seedSyncSet(source, repos);
        LabRegistry consoleTarget = lab.emptyRegistry("bench-sync-console");
        LabRegistry skopeoTarget = lab.emptyRegistry("bench-sync-skopeo");
        try {
            assertThat(job(source, consoleTarget, repos, 4, 3).run(sink())).hasSize(100)
                .allSatisfy(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.COPIED));
            Path yaml = lab.runDir().resolve("bench-sync.yaml");
            StringBuilder y = new StringBuilder(source.hostPort() + ":\n  tls-verify: false\n  images:\n");
            repos.forEach(r -> y.append("    ").append(r).append(": [\"t1\", \"t2\", \"t3\", \"t4\", \"t5\"]\n"));
            Files.writeString(yaml, y.toString());
            List<String> sync = List.of("sync", "--src", "yaml", "--dest", "docker", "--dest-tls-verify=false", yaml.toString(),
                skopeoTarget.hostPort() + "/synced");
            var first = lab.skopeo().run(sync); // the first sync fills the target
            first.stdoutOrThrow();
            String said = first.stdout() + first.stderr();
            long copiedBySkopeo = said.lines().filter(l -> l.contains("Copying image ref")).count();
            System.out.println("skopeo sync (first): " + copiedBySkopeo + " image refs; last line: "
                + said.lines().reduce((a, b) -> b).orElse(""));
            assertThat(copiedBySkopeo).as(said).isEqualTo(100);
            double consoleSync = Double.MAX_VALUE;
            List<Double> consoleRounds = new ArrayList<>();
            double skopeoSync = Double.MAX_VALUE;
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                List<ReplicationView.Image> images = job(source, consoleTarget, repos, Integer.getInteger("bench.images", 4), 3).run(sink());
                double s = seconds(start);
                assertThat(images).hasSize(100).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.UP_TO_DATE));
                consoleSync = Math.min(consoleSync, s);
                consoleRounds.add(Math.round(s * 1000) / 1000.0);
                start = System.nanoTime();
                var again = lab.skopeo().run(sync);
                double k = seconds(start);
                again.stdoutOrThrow();
                assertThat((again.stdout() + again.stderr()).lines().filter(l -> l.contains("Copying image ref")).count()).isEqualTo(100);
                skopeoSync = Math.min(skopeoSync, k);
                System.out.printf(Locale.ROOT, "round %d re-sync: console %.3f s, skopeo sync %.2f s%n", round, s, k);
            }
            out.append(String.format(Locale.ROOT, "re-sync of 20 repositories x 5 tags, up to date (best of %d, %d images at once):%n",
                rounds, Integer.getInteger("bench.images", 4)));
            out.append(String.format(Locale.ROOT, "  console replication          %6.3f s  (%.0fx faster than skopeo sync)%n", consoleSync,
                skopeoSync / consoleSync));
            out.append(String.format(Locale.ROOT, "  skopeo sync                  %6.2f s%n", skopeoSync));
            out.append(String.format(Locale.ROOT, "  (console rounds: %s; median %.3f s)%n", consoleRounds, median(consoleRounds)));
            out.append(String.format(Locale.ROOT, "  bare requests, JDK client   %6.3f s  (the same 2 x 20 tag lists + 2 x 100 HEADs, %d at once, no console)%n",
                bareRequests(source, consoleTarget, repos, rounds), Integer.getInteger("bench.checks", 16)));
            out.append(requestsPerTag(source, consoleTarget, repos));
        } finally {
            lab.discard(consoleTarget);
            lab.discard(skopeoTarget);
        }
        out.append("load average after: ").append(Files.readString(Path.of("/proc/loadavg")).strip()).append('\n');
        System.out.print(out);
        Files.writeString(Path.of("target/bench-replication.txt"), out.toString());
    }

    /** The 20 repositories of the re-sync. */
    static List<String> syncRepositories() {
        List<String> repos = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            repos.add(String.format(Locale.ROOT, "benchsync/r%02d", i));
        }
        return repos;
    }

    /** 100 tags: each repository gets 5 tags of tags/app's images, linked inside the registry by mounts. */
    static void seedSyncSet(LabRegistry source, List<String> repos) {
        try (ImageCopier copier = new ImageCopier(client(source), client(source), ImageCopier.Options.defaults())) {
            List<String> from = RegistryLab.TAGS_APP_TAGS;
            for (String repo : repos) {
                for (int t = 0; t < 5; t++) {
                    copier.copy(RegistryLab.TAGS_APP, from.get(t % from.size()), repo, "t" + (t + 1), Optional.empty(), null);
                }
            }
        }
    }

    /** Clients per registry, kept between runs as the console's shared clients are. */
    private static final Map<String, RegistryClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static ReplicationJob job(LabRegistry source, LabRegistry target, List<String> repos, int parallelImages, int parallelBlobs) {
        ClientOptions options = ClientOptions.builder().overallDeadline(Duration.ofMinutes(30)).build();
        ImageCopier copier = new ImageCopier(
            CLIENTS.computeIfAbsent(source.hostPort(), k -> RegistryClient.create(endpoint(source), options, OutboundPolicy.defaults())),
            CLIENTS.computeIfAbsent(target.hostPort(), k -> RegistryClient.create(endpoint(target), options, OutboundPolicy.defaults())),
            new ImageCopier.Options(parallelBlobs, 256L * 1024 * 1024));
        ReplicationStore.Spec spec = new ReplicationStore.Spec(1, "source", 2, "target", repos, null, null, "ALL", true, false, null, "bench");
        return new ReplicationJob(1, spec, copier, access(source), access(target), Diagnosis.systemClock(), parallelImages,
            Integer.getInteger("bench.checks", 16), 10_000);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * One more (untimed) re-sync with a {@link io.registryconsole.lab.RegistryProxy} in front of each side: what the
     * console asks per up-to-date tag, counted by the proxies (fresh clients, so each side also gets its one ping).
     */
    private static String requestsPerTag(LabRegistry source, LabRegistry target, List<String> repos) {
        try (var src = io.registryconsole.lab.RegistryProxy.start(source.baseUrl());
             var dst = io.registryconsole.lab.RegistryProxy.start(target.baseUrl())) {
            ClientOptions options = ClientOptions.builder().overallDeadline(Duration.ofMinutes(30)).build();
            ImageCopier copier = new ImageCopier(
                RegistryClient.create(RegistryEndpoint.of(src.baseUrl().toString(), true, null, Credentials.anonymous()), options, OutboundPolicy.defaults()),
                RegistryClient.create(RegistryEndpoint.of(dst.baseUrl().toString(), true, null, Credentials.anonymous()), options, OutboundPolicy.defaults()),
                new ImageCopier.Options(3, 256L * 1024 * 1024));
            ReplicationStore.Spec spec = new ReplicationStore.Spec(1, "source", 2, "target", repos, null, null, "ALL", true, false, null, "bench");
            List<ReplicationView.Image> images = new ReplicationJob(1, spec, copier, access(source), access(target), Diagnosis.systemClock(),
                4, Integer.getInteger("bench.checks", 16), 10_000).run(sink());
            assertThat(images).hasSize(100).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.UP_TO_DATE));
            StringBuilder out = new StringBuilder("  requests of one re-sync (counted by a proxy in front of each side, 100 tags, 20 repositories):\n");
            for (var side : List.of(Map.entry("source", src), Map.entry("target", dst))) {
                List<String> sent = side.getValue().requests();
                long heads = sent.stream().filter(r -> r.startsWith("HEAD ") && r.contains("/manifests/")).count();
                long lists = sent.stream().filter(r -> r.startsWith("GET ") && r.contains("/tags/list")).count();
                long pings = sent.stream().filter(r -> r.equals("GET /v2/")).count();
                long other = sent.size() - heads - lists - pings;
                assertThat(heads).as(side.getKey() + " HEADs").isEqualTo(100);
                assertThat(other).as(side.getKey() + ": " + sent).isZero();
                out.append(String.format(Locale.ROOT, "    %s: %d manifest HEADs (%.2f per tag), %d tag lists (1 per repository), %d ping, %d other%n",
                    side.getKey(), heads, heads / 100.0, lists, pings, other));
            }
            return out.toString();
        }
    }

    /**
     * The floor of the re-sync on this machine: the same requests (each side's 20 tag lists, then its 100 manifest
     * HEADs) sent by a bare JDK HttpClient, {@code bench.checks} at once, with nothing of the console around them.
     */
    private static double bareRequests(LabRegistry source, LabRegistry target, List<String> repos, int rounds) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Integer.getInteger("bench.checks", 16));
        try {
            double best = Double.MAX_VALUE;
            for (int round = 0; round <= rounds; round++) { // one more: the first warms the client up
                long start = System.nanoTime();
                List<java.util.concurrent.Future<?>> lists = new ArrayList<>();
                List<java.util.concurrent.Future<?>> heads = new java.util.concurrent.CopyOnWriteArrayList<>();
                for (String repo : repos) {
                    lists.add(pool.submit(() -> {
                        for (LabRegistry side : List.of(source, target)) {
                            send(http, "GET", side, repo + "/tags/list");
                        }
                        for (int t = 1; t <= 5; t++) {
                            String tag = "t" + t;
                            heads.add(pool.submit(() -> {
                                send(http, "HEAD", source, repo + "/manifests/" + tag);
                                send(http, "HEAD", target, repo + "/manifests/" + tag);
                                return null;
                            }));
                        }
                        return null;
                    }));
                }
                for (var f : lists) {
                    f.get();
                }
                for (var f : heads) {
                    f.get();
                }
                double s = seconds(start);
                if (round > 0) {
                    best = Math.min(best, s);
                }
            }
            return best;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(java.net.http.HttpClient http, String method, LabRegistry registry, String path) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.baseUrl() + "/v2/" + path))
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json")
            .build();
        int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).as(method + " " + path).isEqualTo(200);
    }

    private static RegistryClient client(LabRegistry r) {
        return RegistryClient.create(endpoint(r), ClientOptions.defaults(), OutboundPolicy.defaults());
    }

    private static RegistryEndpoint endpoint(LabRegistry r) {
        return RegistryEndpoint.of(r.baseUrl().toString(), true, null, Credentials.anonymous());
    }

    private static RegistryAccess access(LabRegistry r) {
        return new RegistryAccess(1, r.name(), r.baseUrl().toString(), RegistryProvider.DISTRIBUTION, true, null, CredentialKind.ANONYMOUS,
            null, null, null);
    }

    private static ReplicationJob.Sink sink() {
        return new ReplicationJob.Sink() {
            @Override
            public void image(ReplicationView.Image image) {
            }

            @Override
            public void progress(long bytesCopied) {
            }
        };
    }

    /** The ceiling: each blob's GET piped into a PUT of a fresh upload, 3 blobs at a time, then the manifest. */
    private static double curlPipes(LabRegistry source, LabRegistry target, LabImage.Manifest manifest) throws Exception {
        List<String> digests = new ArrayList<>();
        digests.add(manifest.config().digest());
        manifest.layers().forEach(l -> digests.add(l.digest()));
        String src = source.baseUrl() + "/v2/bench/large";
        String dst = target.baseUrl() + "/v2/bench/large";
        String script = "copy() { loc=$(curl -sS -o /dev/null -D - -X POST \"" + dst + "/blobs/uploads/\" | tr -d '\\r' "
            + "| sed -n 's/^[Ll]ocation: //p'); case \"$loc\" in *\\?*) sep='&';; *) sep='?';; esac; "
            + "curl -sS -f \"" + src + "/blobs/$1\" | curl -sS -f -X PUT -H 'Content-Type: application/octet-stream' "
            + "-T - \"$loc${sep}digest=$1\" -o /dev/null; }; export -f copy; "
            + "printf '%s\\n' " + String.join(" ", digests) + " | xargs -P 3 -I{} bash -c 'copy {}' && "
            + "curl -sS -f \"" + src + "/manifests/1\" -H 'Accept: " + manifest.mediaType() + "' | curl -sS -f -X PUT -H 'Content-Type: "
            + manifest.mediaType() + "' --data-binary @- \"" + dst + "/manifests/1\" -o /dev/null";
        long start = System.nanoTime();
        Programs.Result r = Programs.run(List.of("bash", "-c", script), Map.of(), Duration.ofMinutes(10));
        double s = seconds(start);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return s;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
