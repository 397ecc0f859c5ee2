package io.registryconsole.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.registryconsole.LogbackCapture;

/** A trial that throws (a bug) is shown as failed and its cause goes to the log, not away. */
class PlanTrialFailureTest {

    @Test
    void anUnexpectedTrialFailureIsLoggedWithItsCause() {
        IllegalStateException bug = new IllegalStateException("trial bug");
        try (LogbackCapture log = LogbackCapture.of(PlanService.class)) {
            EndpointTrial trial = PlanService.unexpectedFailure("docker|1|https://mirror.example", bug);

            assertThat(trial.outcome()).isEqualTo("SERVER_ERROR");
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("docker|1|https://mirror.example");
                assertThat(((ThrowableProxy) event.getThrowableProxy()).getThrowable()).isSameAs(bug);
            });
        }
    }
}
