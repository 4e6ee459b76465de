package dev.etcdj.storage.wal;

import java.util.List;

/**
 * What {@link Wal#readAll()} recovered: the metadata given to {@link Wal#create}, the last hard
 * state saved ({@link HardState#EMPTY} if none), and the entries after the snapshot index the WAL
 * was opened at, contiguous and with Raft truncations already applied.
 */
public record WalReadResult(byte[] metadata, HardState state, List<WalEntry> entries) {}
