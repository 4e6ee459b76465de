package dev.etcdj.raft;

import java.util.List;

/**
 * The durable log as Raft reads it. The server writes it (after each {@link Ready}) and Raft
 * only reads it, on the thread that owns the {@link RawNode}. Everything returned must already
 * be durable: Raft treats storage as the stable part of its log.
 *
 * <p>Index layout: the log holds entries {@code firstIndex() .. lastIndex()}; the entry at
 * {@code firstIndex()-1} is known only by its term (it is the last compacted entry, or the
 * snapshot's). An empty storage has {@code firstIndex() == 1, lastIndex() == 0}.
 */
public interface Storage {

    /** Persisted hard state and membership, read once when a {@link RawNode} starts. */
    record InitialState(HardState hardState, ConfState confState) {
    }

    InitialState initialState();

    /**
     * Entries in {@code [lo, hi)}, stopping early once {@code maxSize} bytes (see
     * {@link Entry#size()}) are exceeded, but always returning at least one entry if any.
     *
     * @throws CompactedException   if {@code lo < firstIndex()}
     * @throws UnavailableException if {@code hi > lastIndex() + 1}
     */
    List<Entry> entries(long lo, long hi, long maxSize);

    /**
     * Term of the entry at {@code i}, valid for {@code firstIndex()-1 <= i <= lastIndex()}.
     *
     * @throws CompactedException   if {@code i < firstIndex()-1}
     * @throws UnavailableException if {@code i > lastIndex()}
     */
    long term(long i);

    long firstIndex();

    long lastIndex();

    /**
     * The most recent snapshot, which a leader sends to followers that are too far behind.
     *
     * @throws SnapshotTemporarilyUnavailableException if one is being produced; Raft retries
     */
    Snapshot snapshot();
}
