package io.registryconsole.check;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.registryconsole.distribution.Category;
import io.registryconsole.distribution.ClockReadings;

/**
 * Decides whether a refused token is a matter of clocks, not of credentials: the registry checks a token's
 * {@code nbf}/{@code exp} with its own clock (distribution allows 60 s of leeway), so a token service whose clock runs
 * ahead issues tokens "not to be used before" a time the registry has not reached. The console's clock is the
 * referee that says which side is off.
 */
final class ClockSkew {

    /** The failures a skewed clock produces when a token was refused. */
    private static final Set<Category> TOKEN_REFUSALS = Set.of(Category.AUTH_INVALID_CREDENTIALS, Category.AUTH_TOKEN_EXPIRED,
        Category.ACCESS_DENIED, Category.AUTH_REQUIRED);

    private ClockSkew() {
    }

    /** What is off and by how much, when the readings differ beyond {@code tolerance}; empty when clocks agree. */
    static Optional<String> explain(Category category, ClockReadings r, Duration tolerance) {
        if (!TOKEN_REFUSALS.contains(category)) {
            return Optional.empty();
        }
        Optional<Duration> service = r.tokenServiceOffset();
        Duration registry = r.registryOffset().orElse(Duration.ZERO);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        Duration between = service.get().minus(registry);
        boolean serviceOff = service.get().abs().compareTo(tolerance) > 0;
        boolean registryOff = registry.abs().compareTo(tolerance) > 0;
        if (between.abs().compareTo(tolerance) <= 0 && !tokenOutsideRegistryClock(r, tolerance)) {
            return Optional.empty();
        }
        String side;
        if (serviceOff && !registryOff) {
            side = "the token service's clock runs " + offset(service.get()) + " the console's"
                + (r.registry().isPresent() ? " and the registry's" : "");
        } else if (registryOff && !serviceOff) {
            side = "the registry's clock runs " + offset(registry) + " the console's and the token service's";
        } else if (serviceOff) {
            side = "the token service's clock runs " + offset(service.get()) + " the console's and the registry's "
                + offset(registry) + " it";
        } else {
            return Optional.empty();
        }
        StringBuilder detail = new StringBuilder("the registry refused a token because the clocks differ: ").append(side);
        Instant registryNow = r.registry().orElse(r.console());
        r.notBefore().filter(nbf -> nbf.isAfter(registryNow)).ifPresent(nbf -> detail.append(" (the token is not valid before ")
            .append(nbf).append(", the registry's clock said ").append(registryNow).append(')'));
        r.expires().filter(exp -> exp.isBefore(registryNow)).ifPresent(exp -> detail.append(" (the token expired at ")
            .append(exp).append(" by the registry's clock, ").append(registryNow).append(')'));
        return Optional.of(detail.toString());
    }

    private static boolean tokenOutsideRegistryClock(ClockReadings r, Duration tolerance) {
        Instant registryNow = r.registry().orElse(r.console());
        return r.notBefore().map(nbf -> nbf.isAfter(registryNow.plus(tolerance))).orElse(false)
            || r.expires().map(exp -> exp.isBefore(registryNow.minus(tolerance))).orElse(false);
    }

    /**
     * "2 h 0 min ahead of" / "35 s behind". Readings have second resolution and are taken moments apart, so hours are
     * rounded to the minute.
     */
    static String offset(Duration d) {
        Duration a = d.abs();
        long minutes = Math.round(a.toSeconds() / 60.0);
        String amount = minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min"
            : a.toMinutes() > 0 ? a.toMinutes() + " min " + a.toSecondsPart() + " s" : a.toSeconds() + " s";
        return amount + (d.isNegative() ? " behind" : " ahead of");
    }
}
