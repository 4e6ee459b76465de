package dev.etcdj.storage.etcdfmt;

import dev.etcdj.api.raftpb.Entry;
import dev.etcdj.api.raftpb.HardState;
import java.util.List;

/**
 * What etcd's WAL ReadAll returns: the metadata record (etcdserverpb.Metadata bytes), the last
 * hard state, the entries after the snapshot, and whether the snapshot's marker was found.
 */
public record WalContents(byte[] metadata, HardState state, List<Entry> entries,
    boolean snapshotFound) {}
