package dev.etcdj.raft;

/** Thrown by {@link Storage#snapshot()} when a snapshot is being built; Raft retries later. */
public final class SnapshotTemporarilyUnavailableException extends RuntimeException {
    public SnapshotTemporarilyUnavailableException() {
        super("snapshot is temporarily unavailable");
    }
}
