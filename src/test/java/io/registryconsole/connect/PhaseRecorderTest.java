package io.registryconsole.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.Digest;
import io.registryconsole.distribution.Phase;
import io.registryconsole.distribution.PhaseTiming;
import io.registryconsole.distribution.PullListener;

class PhaseRecorderTest {

    static PhaseTiming timing(Phase phase, long millis, Category failure) {
        return new PhaseTiming(phase, "detail", Instant.EPOCH, Duration.ofMillis(millis), 0, failure);
    }

    @Test
    void keepsEveryFinishedPhaseAndPassesTheEventsOn() {
        List<String> passed = new ArrayList<>();
        PhaseRecorder recorder = new PhaseRecorder(new PullListener() {
            @Override
            public void phaseStarted(Phase phase, String detail, Instant at) {
                passed.add("start " + phase);
            }

            @Override
            public void phaseFinished(PhaseTiming timing) {
                passed.add("end " + timing.phase());
            }

            @Override
            public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
                passed.add("progress " + bytesSoFar);
            }
        });

        recorder.phaseStarted(Phase.CONNECT, "h", Instant.EPOCH);
        recorder.phaseFinished(timing(Phase.CONNECT, 5, null));
        recorder.phaseStarted(Phase.LAYER, "a", Instant.EPOCH);
        recorder.phaseStarted(Phase.LAYER, "b", Instant.EPOCH);
        recorder.blobProgress(null, 10, 20);
        recorder.phaseFinished(timing(Phase.LAYER, 30, null));
        recorder.phaseFinished(timing(Phase.LAYER, 12, Category.SIZE_MISMATCH));

        assertThat(passed).containsExactly("start CONNECT", "end CONNECT", "start LAYER", "start LAYER", "progress 10", "end LAYER", "end LAYER");
        assertThat(recorder.timings()).extracting(PhaseTiming::phase).containsExactly(Phase.CONNECT, Phase.LAYER, Phase.LAYER);
        assertThat(recorder.timings().get(2).failed()).as("a failed phase is kept too").contains(Category.SIZE_MISMATCH);
        assertThat(recorder.millis(Phase.LAYER)).as("parallel layers add up").isEqualTo(42);
        assertThat(recorder.millis(Phase.DNS)).isZero();
        assertThat(recorder.saw(Phase.CONNECT)).isTrue();
        assertThat(recorder.saw(Phase.DNS)).isFalse();
        assertThat(recorder.lastStarted()).contains(Phase.LAYER);
    }

    @Test
    void withoutANextListenerAndBeforeAnyPhase() {
        PhaseRecorder recorder = new PhaseRecorder(null);
        assertThat(recorder.lastStarted()).isEmpty();
        assertThat(recorder.timings()).isEmpty();
        recorder.phaseStarted(Phase.DNS, "h", Instant.EPOCH);
        recorder.blobProgress(null, 1, 2);
        assertThat(recorder.lastStarted()).contains(Phase.DNS);
        List<PhaseTiming> before = recorder.timings();
        recorder.phaseFinished(timing(Phase.DNS, 1, null));
        assertThat(before).as("a copy, not a live view").isEmpty();
        assertThat(recorder.timings()).hasSize(1);
    }
}
