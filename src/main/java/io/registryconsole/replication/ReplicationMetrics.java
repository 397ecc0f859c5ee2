package io.registryconsole.replication;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.registryconsole.distribution.Category;

/**
 * Prometheus counters of replications: {@code console_replication_bytes_total} (bytes sent to targets),
 * {@code console_replication_images_total{outcome}}, {@code console_replication_failures_total{category}} and
 * {@code console_replication_runs_total{status}}.
 */
@Component
class ReplicationMetrics {

    private final MeterRegistry registry;

    ReplicationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bytes(long bytes) {
        if (bytes > 0) {
            Counter.builder("console.replication.bytes").baseUnit("bytes").description("bytes copied to target registries")
                .register(registry).increment(bytes);
        }
    }

    void image(ImageOutcome outcome, Category failure) {
        Counter.builder("console.replication.images").description("images handled by replications").tag("outcome", outcome.name())
            .register(registry).increment();
        if (failure != null) {
            Counter.builder("console.replication.failures").description("images a replication could not copy, by category")
                .tag("category", failure.name()).register(registry).increment();
        }
    }

    void finished(ReplicationStatus status) {
        Counter.builder("console.replication.runs").description("replications finished, by status").tag("status", status.name())
            .register(registry).increment();
    }
}
