package io.registryconsole.connect;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.registryconsole.distribution.RateLimit;
import io.registryconsole.distribution.RegistryException;

/**
 * {@code console.registry.ratelimit.remaining}: the requests a registry said are left in its window (Docker Hub's
 * {@code ratelimit-remaining}), as last seen by a check, test pull or plan. Registries that never sent the header
 * have no gauge.
 */
@Component
public class RateLimitGauges {

    public static final String REMAINING = "console.registry.ratelimit.remaining";
    public static final String LIMIT = "console.registry.ratelimit.limit";

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> limits = new ConcurrentHashMap<>();

    RateLimitGauges(MeterRegistry meters) {
        this.meters = meters;
    }

    public void record(String registry, Optional<RateLimit> rateLimit) {
        rateLimit.ifPresent(limit -> {
            limit.remaining().ifPresent(r -> gauge(remaining, REMAINING, "requests left in the registry's rate-limit window", registry).set(r));
            limit.limit().ifPresent(l -> gauge(limits, LIMIT, "requests the registry allows per rate-limit window", registry).set(l));
        });
    }

    public void record(String registry, RegistryException failure) {
        record(registry, failure.rateLimit());
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String registry) {
        return values.computeIfAbsent(registry, r -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("registry", r).register(meters);
            return value;
        });
    }
}
