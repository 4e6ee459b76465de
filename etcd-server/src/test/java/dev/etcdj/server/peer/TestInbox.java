package dev.etcdj.server.peer;

import dev.etcdj.raft.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A RaftInbox that records everything, as a Raft driver's queue would. */
final class TestInbox implements RaftInbox {
  record SnapshotReport(long peer, boolean success) {}

  final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  final Map<Long, AtomicInteger> unreachable = new ConcurrentHashMap<>();
  final BlockingQueue<SnapshotReport> snapshotReports = new LinkedBlockingQueue<>();

  @Override
  public void receive(Message m) {
    received.add(m);
  }

  @Override
  public void reportUnreachable(long peerId) {
    unreachable.computeIfAbsent(peerId, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void reportSnapshot(long peerId, boolean success) {
    snapshotReports.add(new SnapshotReport(peerId, success));
  }

  int unreachableCount(long peer) {
    AtomicInteger n = unreachable.get(peer);
    return n == null ? 0 : n.get();
  }

  /** Takes exactly n messages, failing after the timeout. */
  List<Message> take(int n, long timeoutMs) throws InterruptedException {
    List<Message> out = new ArrayList<>(n);
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (out.size() < n) {
      long left = deadline - System.currentTimeMillis();
      Message m = left > 0 ? received.poll(left, TimeUnit.MILLISECONDS) : null;
      if (m == null) {
        throw new AssertionError("got " + out.size() + " of " + n + " messages");
      }
      out.add(m);
    }
    return out;
  }
}
