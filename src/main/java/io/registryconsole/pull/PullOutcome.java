package io.registryconsole.pull;

import java.util.List;

/** The result of a test pull, before it is stored. */
record PullOutcome(PullStatus status, String digest, String mediaType, List<String> platforms, Long bytes, Integer layers, long durationMs,
                   Long throughput, List<PullTestView.Phase> phases, String servedBy, List<PullTestView.Attempt> attempts,
                   PullTestView.Failure failure, PullTestView.Signature signature) {

    PullOutcome(PullStatus status, String digest, String mediaType, List<String> platforms, Long bytes, Integer layers, long durationMs,
                Long throughput, List<PullTestView.Phase> phases, String servedBy, List<PullTestView.Attempt> attempts,
                PullTestView.Failure failure) {
        this(status, digest, mediaType, platforms, bytes, layers, durationMs, throughput, phases, servedBy, attempts, failure, null);
    }

    /** The same measurements, as a test pull the console's shutdown stopped (FAILED, category CANCELLED). */
    PullOutcome interrupted() {
        return new PullOutcome(PullStatus.FAILED, digest, mediaType, platforms, bytes, layers, durationMs, throughput, phases, servedBy,
            attempts, new PullTestView.Failure(io.registryconsole.distribution.Category.CANCELLED, PullTest.INTERRUPTED_MESSAGE,
            "Run the test pull again.", List.of()), signature);
    }
}
