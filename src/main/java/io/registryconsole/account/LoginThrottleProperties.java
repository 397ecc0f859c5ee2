package io.registryconsole.account;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Failed sign-in throttling ({@code console.login-throttle.*}).
 *
 * @param maxFailuresPerUser    failures for one username within {@code window} that lock it
 * @param maxFailuresPerAddress failures from one client address within {@code window} that lock it; higher,
 *                              because many people may share an address (NAT, proxy)
 * @param window                how long failures are remembered
 * @param lockout               first lockout; each further one doubles, up to {@code maxLockout}
 * @param maxLockout            longest lockout; after this long without failures the history is forgotten
 */
@Validated
@ConfigurationProperties("console.login-throttle")
record LoginThrottleProperties(
    @DefaultValue("5") @Min(1) int maxFailuresPerUser,
    @DefaultValue("20") @Min(1) int maxFailuresPerAddress,
    @DefaultValue("15m") @NotNull Duration window,
    @DefaultValue("1m") @NotNull Duration lockout,
    @DefaultValue("1h") @NotNull Duration maxLockout) {
}
