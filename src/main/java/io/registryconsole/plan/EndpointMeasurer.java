package io.registryconsole.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.registryconsole.distribution.BlobSink;
import io.registryconsole.distribution.Descriptor;
import io.registryconsole.distribution.Platform;
import io.registryconsole.distribution.RegistryClient;
import io.registryconsole.distribution.RegistryException;
import io.registryconsole.distribution.ResolvedManifest;

/**
 * Measures one endpoint the way a benchmark would: one warm-up (connection, TLS, token, caches), then several samples
 * of a manifest HEAD (latency) and of downloading one real layer (throughput, bytes verified against the digest), and
 * reports the medians. The layer is the largest within the byte bound, so the number is about bandwidth rather than
 * round trips.
 */
final class EndpointMeasurer {

    private final PlanProperties properties;

    EndpointMeasurer(PlanProperties properties) {
        this.properties = properties;
    }

    Measurement measure(RegistryClient client, PlannedEndpoint endpoint, Platform platform) {
        long deadline = System.nanoTime() + properties.measureDeadline().toNanos();
        try {
            ResolvedManifest manifest = client.resolve(endpoint.reference(), platform);
            Optional<Descriptor> layer = manifest.layers().stream().filter(l -> l.size() <= properties.measureMaxBytes())
                .max(Comparator.comparingLong(Descriptor::size));
            if (layer.isEmpty()) {
                return Measurement.skipped("every layer is larger than console.plan.measure-max-bytes ("
                    + properties.measureMaxBytes() + " bytes)");
            }
            Descriptor blob = layer.get();
            client.head(endpoint.reference());
            client.fetchBlob(endpoint.reference(), blob, BlobSink.DISCARD);
            List<Long> latencies = new ArrayList<>();
            List<Long> throughputs = new ArrayList<>();
            for (int i = 0; i < properties.measureSamples() && System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                client.head(endpoint.reference());
                long headed = System.nanoTime();
                long bytes = client.fetchBlob(endpoint.reference(), blob, BlobSink.DISCARD);
                long nanos = Math.max(1, System.nanoTime() - headed);
                latencies.add((headed - start) / 1_000_000);
                throughputs.add((long) (bytes * 1_000_000_000.0 / nanos));
            }
            if (throughputs.isEmpty()) {
                return Measurement.skipped("the warm-up took longer than console.plan.measure-deadline");
            }
            String note = throughputs.size() < properties.measureSamples() ? throughputs.size() + " of " + properties.measureSamples()
                + " samples within console.plan.measure-deadline" : null;
            return new Measurement(median(latencies), median(throughputs), blob.size(), note);
        } catch (RegistryException e) {
            return Measurement.skipped("measuring failed: " + e.category() + " (" + e.getMessage() + ")");
        }
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
