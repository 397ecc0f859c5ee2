package io.registryconsole.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

import io.registryconsole.check.ConsoleLabTest;
import io.registryconsole.check.LabConsole;
import io.registryconsole.lab.LabRegistry;
import io.registryconsole.lab.RegistryLab;

/**
 * The re-sync of {@link ReplicationBenchmark} (20 repositories × 5 tags, up to date) as users run it: through
 * {@link ReplicationService}, with its database rows (per-image results), metrics and events, on the test database
 * (H2, then the throw-away PostgreSQL the script starts: the class is tagged db). Not a test: tagged "benchmark", run by
 * {@code scripts/bench-replication.sh -Dbench.part=sync}. The time of a run is the stored one, from the row's
 * creation to its end ({@code finished_at - created_at}): queueing, planning, the result rows and the final update.
 */
@ConsoleLabTest
@Tag("benchmark")
@Tag("db")
class ReplicationServiceBenchmark {

    @Autowired
    ReplicationService replications;

    @RegisterExtension
    final LabConsole console = LabConsole.withTablesAsTheyAre();

    @Test
    void reSyncThroughTheService(RegistryLab lab) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 2);
        LabRegistry source = lab.anonymous();
        List<String> repos = ReplicationBenchmark.syncRepositories();
        ReplicationBenchmark.seedSyncSet(source, repos);
        LabRegistry target = lab.emptyRegistry("bench-service");
        try {
            long src = console.register(source);
            long dst = console.register(target);
            ReplicationRequest request = new ReplicationRequest(src, dst, repos, null, null, null, null, false);
            ReplicationView first = run(request);
            assertThat(first.images()).hasSize(100).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.COPIED));
            List<Double> times = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                ReplicationView again = run(request);
                assertThat(again.status()).isEqualTo(ReplicationStatus.SUCCEEDED);
                assertThat(again.images()).hasSize(100).allSatisfy(i -> assertThat(i.outcome()).isEqualTo(ImageOutcome.UP_TO_DATE));
                double s = Duration.between(again.createdAt(), again.finishedAt()).toNanos() / 1e9;
                times.add(Math.round(s * 1000) / 1000.0);
                System.out.printf(Locale.ROOT, "round %d re-sync through ReplicationService %.3f s (queued %.3f s, then running %.3f s)%n", round, s,
                    Duration.between(again.createdAt(), again.startedAt()).toNanos() / 1e9,
                    Duration.between(again.startedAt(), again.finishedAt()).toNanos() / 1e9);
            }
            List<Double> sorted = times.stream().sorted().toList();
            String database = System.getProperty("console.test.database", "h2");
            String out = String.format(Locale.ROOT, "re-sync through ReplicationService on %s (database rows, metrics, events; best of %d):%n"
                + "  console replication          %6.3f s  (median %.3f s, rounds %s)%n", database, rounds, sorted.get(0),
                sorted.get(sorted.size() / 2), times);
            System.out.print(out);
            Files.writeString(Path.of("target/bench-replication-service-" + database + ".txt"), out);
        } finally {
            lab.discard(target);
        }
    }

    /** Starts a replication and polls (every 20 ms, so the polling costs the run little) until it ended. */
    private ReplicationView run(ReplicationRequest request) throws InterruptedException {
        long id = replications.start(request, "bench").id();
        while (true) {
            ReplicationView view = replications.get(id);
            if (view.status().isFinished()) {
                return view;
            }
            Thread.sleep(20);
        }
    }
}
