package dev.etcdj.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.etcdj.raft.Entry;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerTransportTest {
  static final long CLUSTER = 0xcdf818194e3a8c32L;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    TestNode.closeAll(nodes);
  }

  private TestNode track(TestNode n) {
    nodes.add(n);
    return n;
  }

  static Message app(long from, long to, long index) {
    return Message.builder(MessageType.MsgApp).from(from).to(to).term(2).logTerm(2).index(index).commit(index)
        .entries(List.of(Entry.normal(2, index + 1, ("v" + index).getBytes()))).build();
  }

  static void await(BooleanSupplier cond, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  static void assertInOrder(List<Message> got, long from, long firstIndex) {
    for (int i = 0; i < got.size(); i++) {
      assertEquals(from, got.get(i).from());
      assertEquals(firstIndex + i, got.get(i).index(), "message " + i);
    }
  }

  /** Connects every node to every other and starts the transports. */
  void mesh(TestNode... members) {
    for (TestNode a : members) {
      for (TestNode b : members) {
        if (a != b) {
          a.transport.addPeer(b.id, List.of(b.url));
        }
      }
      a.transport.start();
    }
  }

  @Test
  void twoMembersExchangeInOrderInBatches() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1).listen());
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    // queued before start: they must leave in a few batches, not one call each
    List<Message> first = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      first.add(app(1, 2, i));
    }
    a.transport.addPeer(2, List.of(b.url));
    a.transport.send(first);
    b.transport.addPeer(1, List.of(a.url));
    a.transport.start();
    b.transport.start();
    for (int i = 1000; i < 2000; i += 10) {
      List<Message> more = new ArrayList<>();
      for (int j = i; j < i + 10; j++) {
        more.add(app(1, 2, j));
      }
      a.transport.send(more);
    }
    List<Message> got = b.inbox.take(2000, 10_000);
    assertInOrder(got, 1, 0);
    assertEquals("v7", new String(got.get(7).entries().get(0).data()));
    assertTrue(b.service.batchesReceived() < 1000, "batches: " + b.service.batchesReceived());

    b.transport.send(List.of(Message.builder(MessageType.MsgAppResp).from(2).to(1).term(2).index(2000).build()));
    Message resp = a.inbox.take(1, 5000).get(0);
    assertEquals(MessageType.MsgAppResp, resp.type());
    assertEquals(2000, resp.index());
    await(() -> a.transport.isActive(2) && b.transport.isActive(1), 5000, "both active");
    assertEquals(0, a.inbox.unreachableCount(2));
  }

  @Test
  void threeMembersAllToAll() throws Exception {
    TestNode[] nodes = {
        track(new TestNode(CLUSTER, 1).listen()),
        track(new TestNode(CLUSTER, 2).listen()),
        track(new TestNode(CLUSTER, 3).listen())};
    mesh(nodes);
    int n = 300;
    for (int i = 0; i < n; i++) {
      for (TestNode from : nodes) {
        List<Message> batch = new ArrayList<>();
        for (TestNode to : nodes) {
          if (to != from) {
            batch.add(app(from.id, to.id, i));
          }
        }
        from.transport.send(batch);
      }
    }
    for (TestNode to : nodes) {
      List<Message> got = to.inbox.take(2 * n, 10_000);
      for (TestNode from : nodes) {
        if (from == to) {
          continue;
        }
        List<Message> fromOne = got.stream().filter(m -> m.from() == from.id).toList();
        assertEquals(n, fromOne.size());
        assertInOrder(fromOne, from.id, 0);
        assertTrue(fromOne.stream().allMatch(m -> m.to() == to.id));
      }
    }
    for (TestNode x : nodes) {
      for (TestNode y : nodes) {
        if (x != y) {
          TestNode fx = x;
          await(() -> fx.transport.isActive(y.id), 5000, x.id + " active to " + y.id);
        }
      }
    }
  }

  @Test
  void peerDownThenUp() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1));
    TestNode b = track(new TestNode(CLUSTER, 2)); // not listening yet
    a.transport.addPeer(2, List.of(b.url));
    a.transport.start();
    long t0 = System.nanoTime();
    int sent = 0;
    while (a.inbox.unreachableCount(2) == 0) {
      a.transport.send(List.of(app(1, 2, sent++)));
      Thread.sleep(20);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "no unreachable report");
    }
    assertFalse(a.transport.isActive(2));
    b.listen();
    // keep sending like Raft does (heartbeats/probes) until they arrive
    long index = 1_000_000;
    Message got = null;
    while (got == null) {
      a.transport.send(List.of(app(1, 2, index++)));
      got = b.inbox.received.poll(50, TimeUnit.MILLISECONDS);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "nothing arrived after restart");
    }
    await(() -> a.transport.isActive(2), 5000, "active after reconnect");
    // after reconnect, order holds for new traffic
    b.inbox.received.clear();
    List<Message> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      burst.add(app(1, 2, 5_000_000 + i));
    }
    a.transport.send(burst);
    List<Message> after = b.inbox.take(100, 5000).stream().filter(m -> m.index() >= 5_000_000).toList();
    assertInOrder(after, 1, 5_000_000);

    // and the peer going away again is noticed
    int before = a.inbox.unreachableCount(2);
    b.listener.close();
    await(() -> !a.transport.isActive(2), 5000, "inactive after peer stopped");
    await(() -> a.inbox.unreachableCount(2) > before, 5000, "unreachable after peer stopped");
  }

  @Test
  void fullQueueDropsAndReportsUnreachableWithoutBlocking() throws Exception {
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    TestNode a = track(new TestNode(CLUSTER, 1));
    a.transport.addPeer(2, List.of(b.url)); // not started: nothing drains the queue
    int total = PeerSender.QUEUE_CAPACITY + 1000;
    long t0 = System.nanoTime();
    for (int i = 0; i < total; i++) {
      a.transport.send(List.of(app(1, 2, i)));
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(elapsedMs < 2000, "send() took " + elapsedMs + " ms");
    assertEquals(1000, a.inbox.unreachableCount(2));
    a.transport.start();
    List<Message> got = b.inbox.take(PeerSender.QUEUE_CAPACITY, 10_000);
    assertInOrder(got, 1, 0);
    Thread.sleep(200);
    assertTrue(b.inbox.received.isEmpty(), "dropped messages must not be sent");
  }

  @Test
  void slowPeerDoesNotDelayOthers() throws Exception {
    TestNode c = track(new TestNode(CLUSTER, 3).listen());
    TestNode a = track(new TestNode(CLUSTER, 1));
    // peer 2 is a black hole: a TCP port that accepts but never speaks HTTP
    try (java.net.ServerSocket blackHole = new java.net.ServerSocket(0)) {
      a.transport.addPeer(2, List.of("http://127.0.0.1:" + blackHole.getLocalPort()));
      a.transport.addPeer(3, List.of(c.url));
      a.transport.start();
      for (int i = 0; i < 200; i++) {
        a.transport.send(List.of(app(1, 2, i), app(1, 3, i)));
      }
      assertInOrder(c.inbox.take(200, 5000), 1, 0);
      assertFalse(a.transport.isActive(2));
    }
  }

  @Test
  void clusterIdMismatchIsRefusedAndLogged() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger rafthttp = (Logger) LoggerFactory.getLogger("rafthttp");
    rafthttp.addAppender(logs);
    try {
      TestNode b = track(new TestNode(0xbbbbL, 2).listen());
      TestNode a = track(new TestNode(0xaaaaL, 1));
      a.transport.addPeer(2, List.of(b.url));
      a.transport.start();
      a.transport.send(List.of(app(1, 2, 0)));
      String senderLine = "request cluster ID mismatch (got bbbb want aaaa)";
      String receiverLine = "request cluster ID mismatch (got aaaa want bbbb)";
      await(() -> hasError(logs, senderLine) && hasError(logs, receiverLine), 5000, "mismatch logs");
      for (int i = 1; i < 20; i++) {
        a.transport.send(List.of(app(1, 2, i)));
        Thread.sleep(50);
      }
      assertTrue(b.inbox.received.isEmpty());
      assertFalse(a.transport.isActive(2));
      assertTrue(a.inbox.unreachableCount(2) > 0);
      // backs off instead of hammering: at most a few attempts in ~1 s
      long attempts = logs.list.stream().filter(e -> e.getFormattedMessage().equals(receiverLine)).count();
      assertTrue(attempts <= 3, "attempts: " + attempts);
    } finally {
      rafthttp.detachAppender(logs);
    }
  }

  private static boolean hasError(ListAppender<ILoggingEvent> logs, String line) {
    synchronized (logs.list) {
      return logs.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR
          && e.getFormattedMessage().equals(line));
    }
  }

  @Test
  void updatePeerMovesTheStreamAndRemovePeerStopsIt() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1));
    TestNode b1 = track(new TestNode(CLUSTER, 2).listen());
    TestNode b2 = track(new TestNode(CLUSTER, 2).listen());
    a.transport.addPeer(2, List.of(b1.url));
    a.transport.start();
    a.transport.send(List.of(app(1, 2, 0)));
    assertEquals(0, b1.inbox.take(1, 5000).get(0).index());
    a.transport.updatePeer(2, List.of(b2.url));
    Message got = null;
    for (int i = 1; got == null; i++) {
      a.transport.send(List.of(app(1, 2, i)));
      got = b2.inbox.received.poll(50, TimeUnit.MILLISECONDS);
      assertTrue(i < 200, "nothing arrived at the new URL");
    }
    a.transport.removePeer(2);
    assertFalse(a.transport.isActive(2));
    b2.inbox.received.clear();
    a.transport.send(List.of(app(1, 2, 999)));
    Thread.sleep(200);
    assertTrue(b2.inbox.received.isEmpty());
  }

  @Test
  void secondUrlIsTriedWhenTheFirstIsDead() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1));
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    a.transport.addPeer(2, List.of("http://127.0.0.1:" + TestNode.freePort(), b.url));
    a.transport.start();
    Message got = null;
    for (int i = 0; got == null; i++) {
      a.transport.send(List.of(app(1, 2, i)));
      got = b.inbox.received.poll(50, TimeUnit.MILLISECONDS);
      assertTrue(i < 200, "nothing arrived via the second URL");
    }
  }
}
