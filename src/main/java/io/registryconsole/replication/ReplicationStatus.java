package io.registryconsole.replication;

public enum ReplicationStatus {
    QUEUED, RUNNING, SUCCEEDED,
    /** some images failed, the others copied */
    PARTIAL, FAILED, CANCELLED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }
}
