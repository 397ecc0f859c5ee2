package io.registryconsole.connect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.Phase;
import io.registryconsole.distribution.PhaseTiming;
import io.registryconsole.distribution.PullListener;

/**
 * Keeps every phase the client reports (also the ones of a failed operation, which no result carries) and passes
 * the events on.
 */
public final class PhaseRecorder implements PullListener {

    private final PullListener next;
    private final List<PhaseTiming> finished = new ArrayList<>();
    private Phase lastStarted;

    public PhaseRecorder() {
        this(PullListener.NONE);
    }

    public PhaseRecorder(PullListener next) {
        this.next = next == null ? PullListener.NONE : next;
    }

    @Override
    public void phaseStarted(Phase phase, String detail, Instant at) {
        synchronized (this) {
            lastStarted = phase;
        }
        next.phaseStarted(phase, detail, at);
    }

    @Override
    public void phaseFinished(PhaseTiming timing) {
        synchronized (this) {
            finished.add(timing);
        }
        next.phaseFinished(timing);
    }

    @Override
    public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
        next.blobProgress(digest, bytesSoFar, totalBytes);
    }

    public synchronized List<PhaseTiming> timings() {
        return List.copyOf(finished);
    }

    /** The phase that started last: where an operation was when it failed without naming a phase. */
    public synchronized Optional<Phase> lastStarted() {
        return Optional.ofNullable(lastStarted);
    }

    /** Total milliseconds of the phase's spans (sequential phases; parallel layers count each). */
    public synchronized long millis(Phase phase) {
        return finished.stream().filter(t -> t.phase() == phase).mapToLong(t -> t.duration().toMillis()).sum();
    }

    public synchronized boolean saw(Phase phase) {
        return finished.stream().anyMatch(t -> t.phase() == phase);
    }
}
