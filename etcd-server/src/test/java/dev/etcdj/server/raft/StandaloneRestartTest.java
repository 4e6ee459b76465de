package dev.etcdj.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.internal.ConfChangeContext;
import dev.etcdj.raft.ConfChange;
import dev.etcdj.raft.ConfChangeType;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.EntryType;
import dev.etcdj.raft.HardState;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --force-new-cluster's restart log, on a real WAL and snapshot dir. */
class StandaloneRestartTest {
  @TempDir
  Path tmp;

  private static Entry normal(long term, long index) {
    return new Entry(term, index, EntryType.NORMAL, new byte[] {(byte) index});
  }

  private static ConfChange cc(Entry e) {
    assertEquals(EntryType.CONF_CHANGE, e.type());
    return ConfChange.decode(e.data());
  }

  private RaftStorage threeMembersWithUncommittedTail() throws Exception {
    byte[] meta = ByteBuffer.allocate(16).putLong(1).putLong(99).array();
    RaftStorage s = RaftStorage.bootstrap(tmp.resolve("wal"), tmp.resolve("snap"), meta,
        new ConfState(Set.of(1L, 2L, 3L), Set.of()), 0);
    s.persist(new HardState(2, 1, 3), List.of(normal(2, 2), normal(2, 3), normal(2, 4), normal(2, 5)), null, true);
    return s;
  }

  @Test
  void dropsUncommittedEntriesAndRemovesEveryOtherMemberAsCommitted() throws Exception {
    threeMembersWithUncommittedTail().close();
    try (RaftStorage s = RaftStorage.openStandalone(tmp.resolve("wal"), tmp.resolve("snap"), 0)) {
      var memory = s.memory();
      assertEquals(5, memory.lastIndex(), "entries 4 and 5 dropped, two removals appended");
      assertEquals(5, memory.initialState().hardState().commit());
      List<Entry> forced = memory.entries(4, 6, Long.MAX_VALUE);
      assertEquals(new ConfChange(ConfChangeType.REMOVE_NODE, 2).nodeId(), cc(forced.get(0)).nodeId());
      assertEquals(ConfChangeType.REMOVE_NODE, cc(forced.get(0)).type());
      assertEquals(3, cc(forced.get(1)).nodeId());
      assertEquals(2, forced.get(1).term());
      assertEquals(0, ConfChangeContext.parseFrom(cc(forced.get(1)).context()).getHeader().getMemberId());
    }
    try (RaftStorage again = RaftStorage.open(tmp.resolve("wal"), tmp.resolve("snap"), 0)) {
      assertEquals(5, again.memory().lastIndex(), "the WAL holds the forced entries");
      assertEquals(5, again.memory().initialState().hardState().commit(), "and their commit");
      assertEquals(ConfChangeType.REMOVE_NODE, cc(again.memory().entries(5, 6, Long.MAX_VALUE).get(0)).type());
    }
  }

  @Test
  void removalsAlreadyCommittedAreNotRepeatedAndAnUnknownSelfIsAddedFirst() {
    Entry removeTwo = new Entry(2, 2, EntryType.CONF_CHANGE, new ConfChange(ConfChangeType.REMOVE_NODE, 2).encode());
    var members = StandaloneRestart.members(new ConfState(Set.of(1L, 2L, 3L), Set.of()), List.of(removeTwo));
    assertEquals(List.of(1L, 3L), List.copyOf(members));
    List<Entry> forced = StandaloneRestart.confChanges(members, 7, 4, 10);
    assertEquals(3, forced.size());
    assertEquals(ConfChangeType.ADD_NODE, cc(forced.get(0)).type());
    assertEquals(7, cc(forced.get(0)).nodeId());
    assertEquals(11, forced.get(0).index());
    assertTrue(cc(forced.get(1)).type() == ConfChangeType.REMOVE_NODE && cc(forced.get(2)).nodeId() == 3);
    assertEquals(List.of(), StandaloneRestart.confChanges(StandaloneRestart.members(
        new ConfState(Set.of(7L), Set.of()), List.of()), 7, 4, 10), "already alone: nothing to append");
  }
}
