package dev.etcdj.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.etcdj.raft.ConfState;
import dev.etcdj.server.consensus.CommittedEntry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

class RaftDriverTest {
  private static final int PER_THREAD = 100;

  @TempDir
  Path tmp;

  /**
   * A sole voter campaigns as its Raft thread starts, while the member already proposes (it
   * publishes itself right after start) and a proposal is stepped on the proposing thread: the two
   * must not touch the node at once. Two threads propose from before the start on; every proposal
   * is committed once, each thread's in its order, at consecutive indexes.
   */
  @RepeatedTest(20)
  void proposalsAroundStartAreCommittedOnceInOrder() throws Exception {
    byte[] meta = ByteBuffer.allocate(16).putLong(1).putLong(99).array();
    RaftStorage storage = RaftStorage.bootstrap(tmp.resolve("wal"), tmp.resolve("snap"), meta,
        new ConfState(Set.of(1L), Set.of()), 0);
    List<CommittedEntry> applied = new CopyOnWriteArrayList<>();
    RaftDriver driver = new RaftDriver(storage, 1, 10, 10, false, messages -> { }, nanos -> { });
    try {
      List<Thread> proposers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        byte thread = (byte) t;
        proposers.add(new Thread(() -> {
          for (int i = 0; i < PER_THREAD; i++) {
            while (!accepted(driver, new byte[] {thread, (byte) i})) {
              Thread.onSpinWait(); // no leader yet: the campaign is under way
            }
          }
        }));
      }
      proposers.forEach(Thread::start);
      driver.start(applied::addAll);
      for (Thread p : proposers) {
        p.join(TimeUnit.SECONDS.toMillis(20));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (proposed(applied).size() < 2 * PER_THREAD && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      List<CommittedEntry> ours = proposed(applied);
      assertEquals(2 * PER_THREAD, ours.size(), "committed");
      int[] next = new int[2];
      for (int i = 0; i < ours.size(); i++) {
        byte[] d = ours.get(i).data();
        assertEquals((byte) next[d[0]]++, d[1], "thread " + d[0] + "'s order at index " + ours.get(i).index());
        assertEquals(ours.get(0).index() + i, ours.get(i).index(), "consecutive indexes");
      }
    } finally {
      driver.close();
    }
  }

  private static boolean accepted(RaftDriver driver, byte[] data) {
    try {
      driver.propose(data).join();
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  private static List<CommittedEntry> proposed(List<CommittedEntry> applied) {
    List<CommittedEntry> out = new ArrayList<>();
    for (CommittedEntry e : applied) {
      if (e.kind() == CommittedEntry.Kind.NORMAL && e.data().length > 0) {
        out.add(e);
      }
    }
    return out;
  }
}
