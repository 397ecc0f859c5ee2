package io.registryconsole.replication;

public enum ImageOutcome {
    /** sent to the target */
    COPIED,
    /** the target tag already had the source's digest: nothing sent */
    UP_TO_DATE,
    /** dry run: would have been copied */
    WOULD_COPY,
    FAILED
}
