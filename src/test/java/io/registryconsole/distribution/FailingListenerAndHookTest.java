package io.registryconsole.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A listener or cancel hook that throws leaves one logged trace with its cause and does not break the pull. */
class FailingListenerAndHookTest {

    private FakeRegistry registry;
    private FakeRegistry.Image image;
    private CapturedLog log;

    @BeforeEach
    void start() throws Exception {
        registry = FakeRegistry.start();
        image = registry.image("app", "1", "linux", "amd64", FakeRegistry.random(200_000, 1), FakeRegistry.random(100_000, 2));
        log = CapturedLog.of(Operation.class);
    }

    @AfterEach
    void stop() {
        log.close();
        registry.close();
    }

    @Test
    void aThrowingListenerIsLoggedOnceAndThePullSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException broken = new IllegalStateException("listener bug");
        PullListener failing = new PullListener() {
            @Override
            public void phaseStarted(Phase phase, String detail, Instant at) {
                calls.incrementAndGet();
                throw broken;
            }

            @Override
            public void phaseFinished(PhaseTiming timing) {
                calls.incrementAndGet();
                throw broken;
            }

            @Override
            public void blobProgress(Digest digest, long bytesSoFar, long totalBytes) {
                calls.incrementAndGet();
                throw broken;
            }
        };
        RegistryClient client = RegistryClient.create(registry.endpoint(Credentials.anonymous()), ClientOptions.builder().build(),
            OutboundPolicy.defaults());

        PullResult result = client.pull(registry.ref("app:1"), Platform.LINUX_AMD64, failing, null);

        assertThat(result.manifest().digest()).isEqualTo(image.manifestDigest());
        assertThat(result.layers()).isEqualTo(2);
        assertThat(calls.get()).as("the listener was still called for every event").isGreaterThan(3);
        assertThat(log.at(Level.WARNING)).as("one warning per operation").singleElement().satisfies(record -> {
            assertThat(record.getThrown()).isSameAs(broken);
            assertThat(record.getMessage()).contains("listener failed");
        });
        assertThat(log.records()).as("each failure leaves a trace (later ones at DEBUG)").hasSize(calls.get());
    }

    @Test
    void aThrowingCancelHookIsLoggedAndTheOtherHooksStillRun() {
        Operation op = new Operation(PullListener.NONE, Duration.ofMinutes(1));
        IllegalStateException broken = new IllegalStateException("hook bug");
        AtomicBoolean otherRan = new AtomicBoolean();
        op.onCancel(() -> {
            throw broken;
        });
        op.onCancel(() -> otherRan.set(true));

        op.cancel();

        assertThat(op.isCancelled()).isTrue();
        assertThat(otherRan).isTrue();
        assertThat(log.at(Level.WARNING)).singleElement().extracting(LogRecord::getThrown).isSameAs(broken);
    }
}
