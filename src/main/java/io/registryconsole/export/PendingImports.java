package io.registryconsole.export;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Files pasted into the import page, kept on the server between preview and confirm, so that their content (which may
 * hold passwords, e.g. config.json auths) never goes back to the browser: the page only gets a random id. Kept in the
 * database ({@link Storage}, encrypted there), so the confirm may reach another console instance than the preview.
 * Bounded in number and age; an entry is taken at most once and only by the user and environment it was made for.
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

    /** Where the entries live (the database: {@code PendingImportRepository}). */
    interface Storage {

        void insert(String id, Pending pending, Instant expiresAt);

        Optional<Pending> find(String id, Instant now);

        /** @return true for the one caller that removed it */
        boolean delete(String id);

        void deleteExpired(Instant now);

        /** Removes all but the {@code max} newest. */
        void keepNewest(int max);

        int count(Instant now);
    }

    private final SecureRandom random = new SecureRandom();
    private final Storage storage;
    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;

    PendingImports(Storage storage, int maxEntries, Duration maxAge, Clock clock) {
        if (maxEntries < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("need room for one entry for a positive time");
        }
        this.storage = Objects.requireNonNull(storage, "storage");
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keeps the file and returns the id to confirm it by; the oldest entries go when the store is full. */
    public String put(long environmentId, String user, Format format, String content, String upstreamHost) {
        Instant now = clock.instant();
        storage.deleteExpired(now);
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        storage.insert(id, new Pending(environmentId, user, format, content, upstreamHost, now), now.plus(maxAge));
        storage.keepNewest(maxEntries);
        return id;
    }

    /**
     * Removes and returns the entry, if it exists, is younger than the maximum age and belongs to that user and
     * environment. Someone else's id is left in place (it is not theirs to spend). Of two instances taking one id at
     * once, one gets it.
     */
    public Optional<Pending> take(String id, long environmentId, String user) {
        if (id == null || id.isEmpty() || id.length() > 40) {
            return Optional.empty();
        }
        Optional<Pending> pending = storage.find(id, clock.instant());
        if (pending.isEmpty() || pending.get().environmentId() != environmentId || !pending.get().user().equals(user)) {
            return Optional.empty();
        }
        return storage.delete(id) ? pending : Optional.empty();
    }

    int size() {
        return storage.count(clock.instant());
    }
}
