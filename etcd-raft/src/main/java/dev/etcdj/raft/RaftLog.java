package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as one node sees it: the durable {@link Storage} followed by the {@link Unstable} tail.
 *
 * <pre>
 *   snapshot/first.....applied....committed....stable-last....last
 *   |--- storage (durable) -----------------------||-- unstable --|
 * </pre>
 */
final class RaftLog {
    final Storage storage;
    final Unstable unstable;
    /** Highest index known committed on a quorum. Invariant: applied &lt;= committed &lt;= lastIndex(). */
    long committed;
    /** Highest index handed to the server for applying. Invariant: firstIndex()-1 &lt;= applied (after restore). */
    long applied;
    /** Byte cap on the committed entries of one Ready. */
    final long maxCommittedSizePerReady;

    RaftLog(Storage storage, long maxCommittedSizePerReady) {
        this.storage = storage;
        this.maxCommittedSizePerReady = maxCommittedSizePerReady;
        long first = storage.firstIndex();
        long last = storage.lastIndex();
        this.unstable = new Unstable(last + 1);
        this.committed = first - 1;
        this.applied = first - 1;
    }

    long firstIndex() {
        long i = unstable.maybeFirstIndex();
        return i >= 0 ? i : storage.firstIndex();
    }

    long lastIndex() {
        long i = unstable.maybeLastIndex();
        return i >= 0 ? i : storage.lastIndex();
    }

    /** Highest index whose entry, as in this log, is durable (0 when a snapshot is pending). */
    long lastStableIndex() {
        if (unstable.snapshot != null) return 0;
        return Math.min(storage.lastIndex(), unstable.offset - 1);
    }

    /**
     * Term of entry {@code i}: 0 if beyond the log.
     *
     * @throws CompactedException if compacted away
     */
    long term(long i) {
        long dummy = firstIndex() - 1;
        if (i < dummy) throw new CompactedException(i, dummy + 1);
        if (i > lastIndex()) return 0;
        long t = unstable.maybeTerm(i);
        if (t >= 0) return t;
        return storage.term(i);
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term of {@code i}, or 0 if compacted/unknown (for hints and checks that tolerate it). */
    long termOrZero(long i) {
        try {
            return term(i);
        } catch (CompactedException | UnavailableException e) {
            return 0;
        }
    }

    boolean matchTerm(long i, long t) {
        try {
            return term(i) == t;
        } catch (CompactedException | UnavailableException e) {
            return false;
        }
    }

    /** Raft §5.4.1: is a log ending at (lasti, term) at least as up to date as ours? */
    boolean isUpToDate(long lasti, long term) {
        long lt = lastTerm();
        return term > lt || (term == lt && lasti >= lastIndex());
    }

    /**
     * Follower side of MsgApp: if our entry at {@code index} has {@code logTerm}, append
     * {@code ents} (truncating any conflicting suffix), advance commit, and return the last new
     * index; otherwise return -1.
     */
    long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents) {
        if (!matchTerm(index, logTerm)) return -1;
        long lastNew = index + ents.size();
        long ci = findConflict(ents);
        if (ci != 0) {
            if (ci <= committed) {
                throw new IllegalStateException("entry " + ci + " conflicts with committed entry (committed " + committed + ")");
            }
            append(ents.subList((int) (ci - (index + 1)), ents.size()));
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    long append(List<Entry> ents) {
        if (ents.isEmpty()) return lastIndex();
        long after = ents.get(0).index() - 1;
        if (after < committed) {
            throw new IllegalStateException("append after " + after + " is out of range (committed " + committed + ")");
        }
        unstable.truncateAndAppend(ents);
        return lastIndex();
    }

    /** First index in ents whose term differs from ours (or that we lack), or 0 if all match. */
    long findConflict(List<Entry> ents) {
        for (Entry e : ents) {
            if (!matchTerm(e.index(), e.term())) return e.index();
        }
        return 0;
    }

    /**
     * Largest index {@code <= index} whose term is {@code <= term} (fast back-off: the leader
     * skips a whole term per round trip). Returns the first index - 1 floor if compacted.
     */
    long findConflictByTerm(long index, long term) {
        long li = lastIndex();
        if (index > li) return index;
        while (true) {
            long t;
            try {
                t = term(index);
            } catch (CompactedException e) {
                return index;
            }
            if (t <= term || index == 0) return index;
            index--;
        }
    }

    void commitTo(long tocommit) {
        if (committed < tocommit) {
            if (lastIndex() < tocommit) {
                throw new IllegalStateException("tocommit(" + tocommit + ") is out of range [lastIndex(" + lastIndex()
                        + ")]. Was the raft log corrupted, truncated, or lost?");
            }
            committed = tocommit;
        }
    }

    boolean maybeCommit(long maxIndex, long term) {
        if (maxIndex > committed && termOrZero(maxIndex) == term) {
            commitTo(maxIndex);
            return true;
        }
        return false;
    }

    void appliedTo(long i) {
        if (i == 0) return;
        if (committed < i || i < applied) {
            throw new IllegalStateException("applied(" + i + ") is out of range [prevApplied(" + applied
                    + "), committed(" + committed + ")]");
        }
        applied = i;
    }

    boolean hasNextCommittedEnts() {
        if (unstable.snapshot != null) return false;
        long off = Math.max(applied + 1, firstIndex());
        return committed + 1 > off;
    }

    List<Entry> nextCommittedEnts() {
        if (unstable.snapshot != null) return List.of();
        long off = Math.max(applied + 1, firstIndex());
        if (committed + 1 > off) return slice(off, committed + 1, maxCommittedSizePerReady);
        return List.of();
    }

    List<Entry> unstableEntries() {
        return unstable.entries.isEmpty() ? List.of() : new ArrayList<>(unstable.entries);
    }

    Snapshot snapshot() {
        return unstable.snapshot != null ? unstable.snapshot : storage.snapshot();
    }

    /** Entries from {@code i} to the end, at most maxSize bytes (at least one). */
    List<Entry> entries(long i, long maxSize) {
        if (i > lastIndex()) return List.of();
        return slice(i, lastIndex() + 1, maxSize);
    }

    /**
     * Entries in [lo, hi) from storage and/or the unstable tail.
     *
     * @throws CompactedException if lo is compacted
     */
    List<Entry> slice(long lo, long hi, long maxSize) {
        if (lo > hi) throw new IllegalStateException("invalid slice " + lo + " > " + hi);
        long fi = firstIndex();
        if (lo < fi) throw new CompactedException(lo, fi);
        if (hi > lastIndex() + 1) {
            throw new IllegalStateException("slice[" + lo + "," + hi + ") out of bound [" + fi + "," + lastIndex() + "]");
        }
        if (lo == hi) return List.of();
        List<Entry> out = null;
        if (lo < unstable.offset) {
            List<Entry> stored = storage.entries(lo, Math.min(hi, unstable.offset), maxSize);
            if (stored.size() < Math.min(hi, unstable.offset) - lo) return stored; // size limit hit
            out = stored;
        }
        if (hi > unstable.offset) {
            List<Entry> us = unstable.slice(Math.max(lo, unstable.offset), hi);
            if (out == null) {
                return MemoryStorage.limitSize(us, maxSize);
            }
            ArrayList<Entry> combined = new ArrayList<>(out.size() + us.size());
            combined.addAll(out);
            combined.addAll(us);
            return MemoryStorage.limitSize(combined, maxSize);
        }
        return out;
    }

    /** Accepts a leader's snapshot: the whole log becomes that snapshot (pending persistence). */
    void restore(Snapshot s) {
        committed = s.index();
        unstable.restore(s);
    }

    void stableTo(long i, long t) {
        unstable.stableTo(i, t);
    }

    void stableSnapTo(long i) {
        unstable.stableSnapTo(i);
    }
}
