package io.registryconsole.check;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection checks ({@code console.checks.*}).
 *
 * @param timeout        longest time one operation of a check (the first contact, the login, the repository) may take
 * @param connectTimeout TCP connect and TLS handshake
 * @param parallelism    checks run at once by {@link ConnectionCheckService#checkAll}; they wait on the network, not
 *                       the CPU, so this is wide: 200 registries with half of them unreachable take about one timeout
 * @param clockSkewTolerance how far the clocks of the console, a registry and its token service may differ before a refused
 *                       token is explained as CLOCK_SKEW (and probes record the offset)
 * @param maxConcurrent  checks people and scripts may run at once (API and pages; a batch counts as one); beyond it a
 *                       check is answered 429 with Retry-After, so slow registries cannot take every web thread
 */
@Validated
@ConfigurationProperties("console.checks")
public record CheckProperties(@NotNull @DefaultValue("15s") Duration timeout,
                              @NotNull @DefaultValue("5s") Duration connectTimeout,
                              @Min(1) @Max(1024) @DefaultValue("128") int parallelism,
                              @NotNull @DefaultValue("60s") Duration clockSkewTolerance,
                              @Min(1) @Max(1024) @DefaultValue("16") int maxConcurrent) {
}
