package io.registryconsole.plan;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pull plans ({@code console.plan.*}).
 *
 * @param measureMaxBytes  {@code measure} downloads the largest layer of the image up to this size (the smallest when
 *                         all are larger is not downloaded: the endpoint is reported unmeasured)
 * @param measureSamples   samples per endpoint after one warm-up; the median is reported
 * @param measureDeadline  longest time spent measuring one endpoint (samples taken so far count)
 */
@Validated
@ConfigurationProperties("console.plan")
public record PlanProperties(@Min(1024) @DefaultValue("8388608") long measureMaxBytes,
                             @Min(1) @Max(20) @DefaultValue("3") int measureSamples,
                             @NotNull @DefaultValue("60s") Duration measureDeadline) {
}
