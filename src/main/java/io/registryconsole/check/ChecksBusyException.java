package io.registryconsole.check;

/** As many connection checks as {@code console.checks.max-concurrent} allows are running; try again later. */
public class ChecksBusyException extends RuntimeException {

    private final int limit;
    private final long retryAfterSeconds;

    ChecksBusyException(int limit, long retryAfterSeconds) {
        super(limit + " connection checks are running, the most the console runs at once (console.checks.max-concurrent); "
            + "try again in " + retryAfterSeconds + " s");
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int limit() {
        return limit;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
