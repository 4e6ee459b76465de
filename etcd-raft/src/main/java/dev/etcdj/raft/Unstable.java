package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the log not yet known to be durable: an optional incoming snapshot and entries
 * starting at {@code offset}. Entries leave it when the server reports them persisted
 * ({@link #stableTo}).
 */
final class Unstable {
    /** Pending snapshot (received from a leader, not yet persisted), or null. */
    Snapshot snapshot;
    /** entries.get(i).index() == offset + i. If snapshot != null then offset == snapshot.index() + 1. */
    ArrayList<Entry> entries = new ArrayList<>();
    long offset;

    Unstable(long offset) {
        this.offset = offset;
    }

    /** Index of the first entry this part knows (only meaningful with a snapshot), or -1. */
    long maybeFirstIndex() {
        return snapshot != null ? snapshot.index() + 1 : -1;
    }

    /** Last index this part knows, or -1 if it knows none. */
    long maybeLastIndex() {
        if (!entries.isEmpty()) return offset + entries.size() - 1;
        if (snapshot != null) return snapshot.index();
        return -1;
    }

    /** Term of entry {@code i} if this part knows it, or -1. */
    long maybeTerm(long i) {
        if (i < offset) {
            if (snapshot != null && snapshot.index() == i) return snapshot.term();
            return -1;
        }
        long last = maybeLastIndex();
        if (last < 0 || i > last) return -1;
        return entries.get((int) (i - offset)).term();
    }

    /** Entries up to (i, t) are durable: drop them if they are still what we hold. */
    boolean stableTo(long i, long t) {
        long gt = maybeTerm(i);
        if (gt != t || i < offset) return false; // replaced meanwhile (or it was the snapshot)
        int n = (int) (i + 1 - offset);
        if (n >= entries.size()) {
            entries = new ArrayList<>();
        } else {
            entries = new ArrayList<>(entries.subList(n, entries.size()));
        }
        offset = i + 1;
        return true;
    }

    void stableSnapTo(long i) {
        if (snapshot != null && snapshot.index() == i) snapshot = null;
    }

    void restore(Snapshot s) {
        offset = s.index() + 1;
        entries = new ArrayList<>();
        snapshot = s;
    }

    void truncateAndAppend(List<Entry> ents) {
        long after = ents.get(0).index();
        if (after == offset + entries.size()) {
            entries.addAll(ents);
        } else if (after <= offset) {
            // Replaces everything unstable (and some stable entries, which the server overwrites).
            offset = after;
            entries = new ArrayList<>(ents);
        } else {
            ArrayList<Entry> keep = new ArrayList<>(entries.subList(0, (int) (after - offset)));
            keep.addAll(ents);
            entries = keep;
        }
    }

    /** Entries in [lo, hi), which must lie inside this part. */
    List<Entry> slice(long lo, long hi) {
        if (lo > hi || lo < offset || hi > offset + entries.size()) {
            throw new IllegalStateException("invalid unstable slice [" + lo + "," + hi + ") with offset " + offset
                    + " and " + entries.size() + " entries");
        }
        return entries.subList((int) (lo - offset), (int) (hi - offset));
    }
}
