package dev.etcdj.raft;

import java.util.Objects;

/**
 * A state-machine snapshot: everything up to and including {@code metadata.index()}.
 * {@code data} is opaque to Raft and is not copied.
 */
public record Snapshot(SnapshotMetadata metadata, byte[] data) {
    public static final Snapshot EMPTY = new Snapshot(new SnapshotMetadata(0, 0, ConfState.EMPTY), Entry.EMPTY);

    public Snapshot {
        Objects.requireNonNull(metadata, "metadata");
        if (data == null) data = Entry.EMPTY;
    }

    public long index() {
        return metadata.index();
    }

    public long term() {
        return metadata.term();
    }

    /** A snapshot at index 0 carries no log position (it may still carry an initial ConfState). */
    public boolean isEmpty() {
        return metadata.index() == 0;
    }

    @Override
    public String toString() {
        return "Snapshot{" + metadata + ", " + data.length + "B}";
    }
}
