package io.registryconsole.export;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Files pasted into the import page, held in memory between preview and confirm, so that their content (which may
 * hold passwords, e.g. config.json auths) never goes back to the browser: the page only gets a random id. Bounded in
 * number and age; an entry is taken at most once and only by the user and environment it was made for.
 */
public final class PendingImports {

    /** What the confirm step needs to read and plan the file again. {@link #toString()} leaves the content out. */
    public record Pending(long environmentId, String user, Format format, String content, String upstreamHost,
                          Instant createdAt) {

        @Override
        public String toString() {
            return "Pending[environment=" + environmentId + ", user=" + user + ", format=" + format + ", "
                    + content.length() + " chars]";
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> entries = new LinkedHashMap<>();
    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;

    public PendingImports(int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("need room for one entry for a positive time");
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keeps the file and returns the id to confirm it by; the oldest entry goes when the store is full. */
    public synchronized String put(long environmentId, String user, Format format, String content, String upstreamHost) {
        dropExpired();
        while (entries.size() >= maxEntries) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        entries.put(id, new Pending(environmentId, user, format, content, upstreamHost, clock.instant()));
        return id;
    }

    /**
     * Removes and returns the entry, if it exists, is younger than the maximum age and belongs to that user and
     * environment. Someone else's id is left in place (it is not theirs to spend).
     */
    public synchronized Optional<Pending> take(String id, long environmentId, String user) {
        dropExpired();
        Pending pending = id == null ? null : entries.get(id);
        if (pending == null || pending.environmentId() != environmentId || !pending.user().equals(user)) {
            return Optional.empty();
        }
        entries.remove(id);
        return Optional.of(pending);
    }

    synchronized int size() {
        dropExpired();
        return entries.size();
    }

    private void dropExpired() {
        Instant oldest = clock.instant().minus(maxAge);
        entries.values().removeIf(p -> p.createdAt().isBefore(oldest));
    }
}
