package dev.etcdj.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link Storage}: the server keeps one as the cache of what it wrote to its WAL
 * (and tests use it as the "disk"). Thread-safe: all methods are synchronized, so the server may
 * compact or snapshot from another thread.
 *
 * <p>Worked example: after {@code applySnapshot(snap at index 5, term 2)} and
 * {@code append([e6, e7])}, {@code ents = [dummy(5,2), e6, e7]}, {@code firstIndex() = 6},
 * {@code lastIndex() = 7}, {@code term(5) = 2}. {@code compact(6)} leaves
 * {@code [dummy(6, e6.term), e7]}.
 */
public final class MemoryStorage implements Storage {
    private HardState hardState = HardState.EMPTY;
    private Snapshot snapshot = Snapshot.EMPTY;
    /**
     * ents.get(0) is a dummy holding the index and term of the last compacted entry (or of the
     * snapshot); ents.get(i).index() == ents.get(0).index() + i for every i. Never empty.
     */
    private final ArrayList<Entry> ents = new ArrayList<>();

    public MemoryStorage() {
        ents.add(new Entry(0, 0, EntryType.NORMAL, Entry.EMPTY));
    }

    /**
     * A storage for a founding member of a new cluster whose initial membership is
     * {@code confState}. Every founding member must use the same ConfState. The membership is
     * recorded as a snapshot at index 1, term 1 (with empty data) and the hard state is
     * (term 1, no vote, commit 1): a member added later starts from an empty {@code new
     * MemoryStorage()} and receives this snapshot (or a later one) from the leader, so it
     * learns the initial membership. A server keeping its own WAL writes the same three facts.
     */
    public static MemoryStorage bootstrap(ConfState confState) {
        MemoryStorage s = new MemoryStorage();
        s.applySnapshot(new Snapshot(new SnapshotMetadata(1, 1, confState), Entry.EMPTY));
        s.hardState = new HardState(1, 0, 1);
        return s;
    }

    @Override
    public synchronized InitialState initialState() {
        return new InitialState(hardState, snapshot.metadata().confState());
    }

    public synchronized HardState hardState() {
        return hardState;
    }

    public synchronized void setHardState(HardState hs) {
        this.hardState = hs;
    }

    @Override
    public synchronized List<Entry> entries(long lo, long hi, long maxSize) {
        long offset = ents.get(0).index();
        if (lo <= offset) throw new CompactedException(lo, offset + 1);
        if (hi > lastIndexLocked() + 1) throw new UnavailableException(hi - 1, lastIndexLocked());
        if (lo >= hi) return List.of();
        int from = (int) (lo - offset), to = (int) (hi - offset);
        return limitSize(ents.subList(from, to), maxSize);
    }

    static List<Entry> limitSize(List<Entry> src, long maxSize) {
        if (src.isEmpty()) return List.of();
        long size = src.get(0).size();
        int n = 1;
        while (n < src.size()) {
            size += src.get(n).size();
            if (size > maxSize) break;
            n++;
        }
        return new ArrayList<>(src.subList(0, n));
    }

    @Override
    public synchronized long term(long i) {
        long offset = ents.get(0).index();
        if (i < offset) throw new CompactedException(i, offset + 1);
        if (i - offset >= ents.size()) throw new UnavailableException(i, lastIndexLocked());
        return ents.get((int) (i - offset)).term();
    }

    @Override
    public synchronized long firstIndex() {
        return ents.get(0).index() + 1;
    }

    @Override
    public synchronized long lastIndex() {
        return lastIndexLocked();
    }

    private long lastIndexLocked() {
        return ents.get(0).index() + ents.size() - 1;
    }

    @Override
    public synchronized Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Replaces the whole log by {@code snap} (as a follower does when it receives one).
     * Snapshots older than the current one are ignored and return false.
     */
    public synchronized boolean applySnapshot(Snapshot snap) {
        if (snap.index() < snapshot.index() || (!snapshot.isEmpty() && snap.index() == snapshot.index())) return false;
        snapshot = snap;
        ents.clear();
        ents.add(new Entry(snap.term(), snap.index(), EntryType.NORMAL, Entry.EMPTY));
        return true;
    }

    /**
     * Records a snapshot of the state machine at {@code index} (which must be in the log) so a
     * leader can send it; the log itself is untouched (call {@link #compact} to drop it).
     *
     * @throws IllegalArgumentException if index is older than the current snapshot or beyond the log
     */
    public synchronized Snapshot createSnapshot(long index, ConfState cs, byte[] data) {
        if (index <= snapshot.index()) {
            throw new IllegalArgumentException("snapshot index " + index + " <= current snapshot " + snapshot.index());
        }
        long offset = ents.get(0).index();
        if (index > lastIndexLocked()) {
            throw new IllegalArgumentException("snapshot index " + index + " > last index " + lastIndexLocked());
        }
        snapshot = new Snapshot(new SnapshotMetadata(index, ents.get((int) (index - offset)).term(), cs), data);
        return snapshot;
    }

    /**
     * Discards entries up to and including {@code compactIndex}. The server must only compact
     * what it has applied (and normally keeps some entries so slow followers avoid snapshots).
     *
     * @throws CompactedException if already compacted past it; IllegalArgumentException if beyond the log
     */
    public synchronized void compact(long compactIndex) {
        long offset = ents.get(0).index();
        if (compactIndex <= offset) throw new CompactedException(compactIndex, offset + 1);
        if (compactIndex > lastIndexLocked()) {
            throw new IllegalArgumentException("compact " + compactIndex + " is out of bound lastindex(" + lastIndexLocked() + ")");
        }
        int i = (int) (compactIndex - offset);
        Entry keep = ents.get(i);
        List<Entry> rest = new ArrayList<>(ents.subList(i + 1, ents.size()));
        ents.clear();
        ents.add(new Entry(keep.term(), keep.index(), EntryType.NORMAL, Entry.EMPTY));
        ents.addAll(rest);
    }

    /**
     * Appends entries, replacing any existing entries at the same or later indexes (a follower's
     * log may be truncated by a new leader). Entries already compacted are skipped.
     *
     * @throws IllegalArgumentException if the entries leave a gap after {@code lastIndex()}
     */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) return;
        long first = ents.get(0).index() + 1;
        long last = entries.get(0).index() + entries.size() - 1;
        if (last < first) return; // all compacted
        List<Entry> es = entries;
        if (first > es.get(0).index()) es = es.subList((int) (first - es.get(0).index()), es.size());
        long offset = es.get(0).index() - ents.get(0).index();
        if (offset > ents.size()) {
            throw new IllegalArgumentException("missing log entries [last: " + lastIndexLocked() + ", append at: " + es.get(0).index() + "]");
        }
        if (offset < ents.size()) {
            ents.subList((int) offset, ents.size()).clear();
        }
        ents.addAll(es);
    }
}
