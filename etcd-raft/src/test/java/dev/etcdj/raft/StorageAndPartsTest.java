package dev.etcdj.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StorageAndPartsTest {

    static Entry e(long term, long index) {
        return Entry.normal(term, index, new byte[]{(byte) index});
    }

    @Test
    void memoryStorageAppendTruncatesConflicts() {
        MemoryStorage s = new MemoryStorage();
        s.append(List.of(e(1, 1), e(1, 2), e(1, 3)));
        s.append(List.of(e(2, 2)));
        assertEquals(2, s.lastIndex());
        assertEquals(2, s.term(2));
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of(e(2, 5))), "gap");
        assertThrows(UnavailableException.class, () -> s.term(3));
    }

    @Test
    void memoryStorageCompactAndSnapshot() {
        MemoryStorage s = new MemoryStorage();
        for (long i = 1; i <= 10; i++) s.append(List.of(e(i < 6 ? 1 : 2, i)));
        Snapshot snap = s.createSnapshot(7, ConfState.ofVoters(1L), "d".getBytes());
        assertEquals(2, snap.term());
        s.compact(7);
        assertEquals(8, s.firstIndex());
        assertEquals(2, s.term(7), "term of the compacted boundary is kept");
        assertThrows(CompactedException.class, () -> s.term(6));
        assertThrows(CompactedException.class, () -> s.entries(7, 9, Long.MAX_VALUE));
        assertEquals(2, s.entries(8, 10, Long.MAX_VALUE).size());
        assertEquals(1, s.entries(8, 11, 1).size(), "at least one entry despite the size limit");
        assertThrows(IllegalArgumentException.class, () -> s.createSnapshot(5, ConfState.EMPTY, null), "older than current");
        Snapshot newer = new Snapshot(new SnapshotMetadata(20, 3, ConfState.ofVoters(1L)), null);
        assertTrue(s.applySnapshot(newer));
        assertEquals(21, s.firstIndex());
        assertEquals(20, s.lastIndex());
        assertFalse(s.applySnapshot(snap), "stale snapshot ignored");
    }

    @Test
    void bootstrapRecordsMembershipAsSnapshot() {
        MemoryStorage s = MemoryStorage.bootstrap(ConfState.ofVoters(1L, 2L));
        assertEquals(new HardState(1, 0, 1), s.initialState().hardState());
        assertEquals(ConfState.ofVoters(1L, 2L), s.initialState().confState());
        assertEquals(2, s.firstIndex());
        assertEquals(1, s.lastIndex());
    }

    @Test
    void inflightsWindow() {
        Inflights in = new Inflights(3, 0);
        in.add(5, 10);
        in.add(9, 10);
        in.add(12, 10);
        assertTrue(in.full());
        assertThrows(IllegalStateException.class, () -> in.add(13, 1));
        in.freeLE(9);
        assertEquals(1, in.count());
        in.freeFirstOne();
        assertEquals(0, in.count());
        Inflights bytes = new Inflights(100, 25);
        bytes.add(1, 10);
        bytes.add(2, 10);
        assertFalse(bytes.full());
        bytes.add(3, 10);
        assertTrue(bytes.full(), "byte limit reached");
    }

    @Test
    void progressInvariantAndBackoff() {
        assertThrows(IllegalStateException.class, () -> new Progress(5, 5, 4, 0, false));
        Progress p = new Progress(0, 11, 4, 0, false);
        assertTrue(p.maybeDecrTo(10, 3));
        assertEquals(4, p.next);
        assertFalse(p.maybeDecrTo(10, 3), "stale rejection ignored");
        assertTrue(p.maybeUpdate(4));
        p.becomeReplicate();
        assertEquals(5, p.next);
    }

    @Test
    void confChangeRoundTrip() {
        ConfChange cc = new ConfChange(ConfChangeType.ADD_LEARNER_NODE, 42, "ctx".getBytes());
        ConfChange back = ConfChange.decode(cc.encode());
        assertEquals(cc.type(), back.type());
        assertEquals(42, back.nodeId());
        assertArrayEquals("ctx".getBytes(), back.context());
        assertThrows(IllegalArgumentException.class, () -> ConfChange.decode(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> new ConfState(java.util.Set.of(1L), java.util.Set.of(1L)));
    }

    @Test
    void findConflictByTermSkipsWholeTerms() {
        MemoryStorage s = new MemoryStorage();
        for (long i = 1; i <= 9; i++) s.append(List.of(e(i <= 3 ? 1 : i <= 6 ? 3 : 5, i)));
        RaftLog log = new RaftLog(s, Long.MAX_VALUE);
        assertEquals(6, log.findConflictByTerm(9, 4));
        assertEquals(3, log.findConflictByTerm(9, 2));
        assertEquals(0, log.findConflictByTerm(9, 0));
        assertEquals(9, log.findConflictByTerm(9, 5));
    }
}
