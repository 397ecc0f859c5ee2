package io.registryconsole.shared;

import java.time.Duration;
import java.util.Arrays;

/** The spans of time the charts show ({@code ?window=24h} or {@code 7d}), each cut into the same number of buckets. */
public enum ChartWindow {
    DAY("24h", Duration.ofDays(1)), WEEK("7d", Duration.ofDays(7));

    /** Buckets per window: fine enough to see when a failure started, coarse enough for a small chart. */
    public static final int BUCKETS = 48;

    private final String id;
    private final Duration span;

    ChartWindow(String id, Duration span) {
        this.id = id;
        this.span = span;
    }

    public String id() {
        return id;
    }

    public Duration span() {
        return span;
    }

    public Duration bucket() {
        return span.dividedBy(BUCKETS);
    }

    /** @throws InvalidInputException naming the field {@code window} for anything but 24h and 7d */
    public static ChartWindow of(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
            .orElseThrow(() -> new InvalidInputException("window", "must be 24h or 7d"));
    }
}
