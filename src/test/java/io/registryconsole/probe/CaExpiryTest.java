package io.registryconsole.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import io.registryconsole.LogbackCapture;

/** The CA expiry a probe reports: a bundle that does not parse leaves the expiry unknown and a warning with its cause. */
class CaExpiryTest {

    @Test
    void aDamagedBundleIsLoggedAndLeavesTheExpiryUnknown() {
        try (LogbackCapture log = LogbackCapture.of(CheckRegistryProbe.class)) {
            assertThat(CheckRegistryProbe.earliestNotAfter(7, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).isNull();

            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("registry 7");
                assertThat(event.getThrowableProxy()).as("the cause").isNotNull();
            });
        }
    }

    @Test
    void noBundleIsNoExpiryAndNoWarning() {
        try (LogbackCapture log = LogbackCapture.of(CheckRegistryProbe.class)) {
            assertThat(CheckRegistryProbe.earliestNotAfter(7, null)).isNull();
            assertThat(CheckRegistryProbe.earliestNotAfter(7, " ")).isNull();
            assertThat(log.events()).isEmpty();
        }
    }
}
