package dev.etcdj.server.watch;

import static dev.etcdj.server.watch.Harness.bs;
import static dev.etcdj.server.watch.Harness.collect;
import static dev.etcdj.server.watch.Harness.drain;
import static dev.etcdj.server.watch.Harness.key;
import static dev.etcdj.server.watch.Harness.req;
import static dev.etcdj.server.watch.Harness.val;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.WatchCreateRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchHubTest {
  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void open() {
    h = new Harness(dir, 64);
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void liveEventsSingleKey() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long rev0 = h.store.currentRevision();
    long id = s.watch(req("a").build());
    assertEquals(0, id);
    List<WatchUpdate> u = drain(s);
    assertEquals(1, u.size());
    assertTrue(u.get(0).created());
    assertEquals(rev0, u.get(0).revision());
    long r1 = h.put("a", "1");
    u = drain(s);
    assertEquals(1, u.size());
    assertEquals(r1, u.get(0).revision());
    assertEquals(Event.EventType.PUT, u.get(0).events().get(0).getType());
    assertEquals("1", val(u.get(0).events().get(0)));
    h.put("b", "x");
    long r3 = h.delete("a", null);
    u = drain(s);
    assertEquals(1, u.size());
    assertEquals(r3, u.get(0).revision());
    assertEquals(Event.EventType.DELETE, u.get(0).events().get(0).getType());
    assertEquals(r3, u.get(0).events().get(0).getKv().getModRevision());
    // server-assigned ids increase
    assertEquals(1, s.watch(req("b").build()));
    assertEquals(2, s.watch(req("c").build()));
  }

  @Test
  void rangesPrefixFromKeyAllKeys() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long range = s.watch(req("b").setRangeEnd(bs("d")).build());
    long prefix = s.watch(req("p/").setRangeEnd(bs("p0")).build());
    long fromKey = s.watch(req("m").setRangeEnd(ByteString.copyFrom(new byte[] {0})).build());
    long all = s.watch(WatchCreateRequest.newBuilder()
        .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build());
    drain(s);
    for (String k : new String[] {"a", "b", "c", "cz", "d", "m", "p", "p/", "p/x", "z"}) {
      h.put(k, "v");
    }
    List<WatchUpdate> u = drain(s);
    assertEquals(List.of("b", "c", "cz"), keysOf(u, range));
    assertEquals(List.of("p/", "p/x"), keysOf(u, prefix));
    assertEquals(List.of("m", "p", "p/", "p/x", "z"), keysOf(u, fromKey));
    assertEquals(10, keysOf(u, all).size());
    // one txn with several keys: one response with all matching events
    long r = h.putAll("b", "1", "c", "2", "z", "3");
    u = drain(s);
    WatchUpdate ru = u.stream().filter(x -> x.watchId() == range).findFirst().orElseThrow();
    assertEquals(r, ru.revision());
    assertEquals(2, ru.events().size());
  }

  @Test
  void filtersAndPrevKv() throws Exception {
    h.put("k", "0");
    WatchStream s = h.hub.newStream(null);
    long plain = s.watch(req("k").build());
    long noPut = s.watch(req("k").addFilters(WatchCreateRequest.FilterType.NOPUT).build());
    long noDel = s.watch(req("k").addFilters(WatchCreateRequest.FilterType.NODELETE).build());
    long prev = s.watch(req("k").setPrevKv(true).build());
    drain(s);
    h.put("k", "1");
    h.delete("k", null);
    h.put("k", "2");
    List<WatchUpdate> u = drain(s);
    List<Event> p = eventsOf(u, plain);
    assertEquals(3, p.size());
    for (Event e : p) {
      assertFalse(e.hasPrevKv());
    }
    List<Event> np = eventsOf(u, noPut);
    assertEquals(1, np.size());
    assertEquals(Event.EventType.DELETE, np.get(0).getType());
    List<Event> nd = eventsOf(u, noDel);
    assertEquals(2, nd.size());
    assertTrue(nd.stream().allMatch(e -> e.getType() == Event.EventType.PUT));
    List<Event> pv = eventsOf(u, prev);
    assertEquals("0", pv.get(0).getPrevKv().getValue().toStringUtf8());
    assertEquals("1", pv.get(1).getPrevKv().getValue().toStringUtf8());
    assertFalse(pv.get(2).hasPrevKv()); // re-created after delete
    // the NOPUT watcher got no response at all for the put-only revisions
    assertEquals(1, u.stream().filter(x -> x.watchId() == noPut).count());
  }

  @Test
  void historyReplayThenLive() throws Exception {
    List<Long> revs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      revs.add(h.put("h", "v" + i));
    }
    WatchStream s = h.hub.newStream(null);
    long id = s.watch(req("h").setStartRevision(revs.get(3)).setPrevKv(true).build());
    List<WatchUpdate> sink = new ArrayList<>();
    List<Event> evs = collect(s, sink, id, 7, 5000);
    assertTrue(sink.get(0).created());
    for (int i = 0; i < 7; i++) {
      assertEquals("v" + (i + 3), val(evs.get(i)));
      assertEquals("v" + (i + 2), evs.get(i).getPrevKv().getValue().toStringUtf8());
    }
    Harness.await(() -> h.hub.unsyncedCount() == 0, 5000);
    h.put("h", "v10");
    evs = collect(s, sink, id, 8, 5000);
    assertEquals(8, evs.size());
    assertEquals("v10", val(evs.get(7)));
    assertEquals(null, s.poll());
  }

  @Test
  void futureStartRevision() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long cur = h.store.currentRevision();
    long id = s.watch(req("f").setStartRevision(cur + 3).build());
    drain(s);
    h.put("f", "1");
    h.put("f", "2");
    h.put("f", "3");
    List<Event> evs = eventsOf(drain(s), id);
    assertEquals(1, evs.size());
    assertEquals("3", val(evs.get(0)));
  }

  @Test
  void compactedStartIsCreatedThenCanceled() throws Exception {
    for (int i = 0; i < 10; i++) {
      h.put("c", "v" + i);
    }
    h.store.compact(6).join();
    WatchStream s = h.hub.newStream(null);
    long id = s.watch(req("c").setStartRevision(3).build());
    List<WatchUpdate> sink = new ArrayList<>();
    Harness.await(() -> {
      sink.addAll(drain(s));
      return sink.size() >= 2;
    }, 5000);
    assertTrue(sink.get(0).created());
    assertFalse(sink.get(0).canceled());
    assertEquals(id, sink.get(1).watchId());
    assertTrue(sink.get(1).canceled());
    assertEquals(6, sink.get(1).compactRevision());
    assertEquals(0, h.hub.watcherCount());
    assertTrue(s.watchIds().isEmpty());
    // at exactly the compaction revision it works
    long ok = s.watch(req("c").setStartRevision(6).build());
    List<Event> evs = collect(s, new ArrayList<>(), ok, 5, 5000);
    assertEquals("v4", val(evs.get(0))); // a new store starts at revision 1: v0 is at 2
  }

  @Test
  void slowWatcherCatchesUpWithoutLossOrDuplicates() throws Exception {
    WatchStream slow = h.hub.newStream(null);
    AtomicBoolean fastSaw = new AtomicBoolean();
    WatchStream fast = h.hub.newStream(() -> fastSaw.set(true));
    long sid = slow.watch(req("s").setRangeEnd(bs("t")).setPrevKv(true).build());
    long fid = fast.watch(req("s").setRangeEnd(bs("t")).build());
    drain(slow);
    List<WatchUpdate> fastSink = new ArrayList<>();
    int n = 3000;
    for (int i = 0; i < n; i++) {
      h.put("s" + (i % 7), Integer.toString(i));
      if (i % 10 == 0) {
        fastSink.addAll(drain(fast)); // fast consumer keeps up
      }
    }
    assertTrue(h.hub.unsyncedCount() >= 1, "slow watcher should have fallen behind");
    List<Event> f = collect(fast, fastSink, fid, n, 5000);
    checkSequence(f, n);
    // now the slow one drains: everything arrives, in order, exactly once
    List<WatchUpdate> slowSink = new ArrayList<>();
    List<Event> sl = collect(slow, slowSink, sid, n, 20000);
    checkSequence(sl, n);
    for (int i = 7; i < n; i++) {
      assertEquals(Integer.toString(i - 7), sl.get(i).getPrevKv().getValue().toStringUtf8());
    }
    Harness.await(() -> h.hub.unsyncedCount() == 0, 5000);
    h.put("s1", "last");
    List<Event> more = collect(slow, slowSink, sid, n + 1, 5000);
    assertEquals("last", val(more.get(n)));
    Thread.sleep(50);
    assertEquals(null, slow.poll());
    // header revisions never go backwards
    long last = 0;
    for (WatchUpdate u : slowSink) {
      assertTrue(u.revision() >= last);
      last = u.revision();
    }
  }

  @Test
  void thousandWatchersOnOneKeySeeThousandPutsInOrder() throws Exception {
    int streams = 10;
    int perStream = 100;
    int puts = 1000;
    List<WatchStream> ss = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      WatchStream s = h.hub.newStream(null);
      for (int j = 0; j < perStream; j++) {
        s.watch(req("hot").build());
      }
      drain(s);
      ss.add(s);
    }
    assertEquals(streams * perStream, h.hub.watcherCount());
    int[][] next = new int[streams][perStream];
    AtomicBoolean stop = new AtomicBoolean();
    Thread consumer = new Thread(() -> {
      while (!stop.get()) {
        boolean any = false;
        for (int i = 0; i < streams; i++) {
          WatchUpdate u;
          while ((u = ss.get(i).poll()) != null) {
            any = true;
            for (Event e : u.events()) {
              int v = Integer.parseInt(val(e));
              if (v != next[i][(int) u.watchId()]) {
                throw new AssertionError("watch " + u.watchId() + " got " + v);
              }
              next[i][(int) u.watchId()]++;
            }
          }
        }
        if (!any) {
          Thread.onSpinWait();
        }
      }
    });
    consumer.start();
    for (int i = 0; i < puts; i++) {
      h.put("hot", Integer.toString(i));
    }
    Harness.await(() -> {
      for (int[] a : next) {
        for (int x : a) {
          if (x != puts) {
            return false;
          }
        }
      }
      return true;
    }, 30000);
    stop.set(true);
    consumer.join();
    for (WatchStream s : ss) {
      s.close();
    }
    assertEquals(0, h.hub.watcherCount());
  }

  @Test
  void cancelDuplicateEmptyRangeAndClose() throws Exception {
    WatchStream s = h.hub.newStream(null);
    assertEquals(7, s.watch(req("a").setWatchId(7).build()));
    assertEquals(-1, s.watch(req("a").setWatchId(7).build()));
    assertEquals(-1, s.watch(req("b").setRangeEnd(bs("a")).build()));
    List<WatchUpdate> u = drain(s);
    assertEquals(3, u.size());
    assertTrue(u.get(1).created() && u.get(1).canceled());
    assertEquals(-1, u.get(1).watchId());
    assertEquals(WatchStream.ERR_DUPLICATE_ID, u.get(1).cancelReason());
    assertEquals(WatchStream.ERR_EMPTY_RANGE, u.get(2).cancelReason());
    h.put("a", "1");
    assertTrue(s.cancel(7));
    assertFalse(s.cancel(7));
    u = drain(s);
    assertEquals(1, u.size()); // the queued event was dropped, only the cancel reply
    assertTrue(u.get(0).canceled());
    assertEquals(7, u.get(0).watchId());
    h.put("a", "2");
    assertEquals(null, s.poll());
    s.watch(req("a").build());
    s.watch(req("b").setStartRevision(1).build());
    s.close();
    assertEquals(0, h.hub.watcherCount());
    assertEquals(0, h.hub.unsyncedCount());
  }

  @Test
  void unsentEventsOfAWatcherJoinOneReplyButNeverPassAControlReply() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long a = s.watch(req("a").build());
    long b = s.watch(req("b").build());
    drain(s);
    long r1 = h.put("a", "1");
    h.put("b", "1");
    long r3 = h.put("a", "2");
    long r4 = h.put("b", "2");
    List<WatchUpdate> u = drain(s);
    assertEquals(2, u.size());
    assertEquals(a, u.get(0).watchId());
    assertEquals(r3, u.get(0).revision());
    assertEquals(List.of("1", "2"), u.get(0).events().stream().map(Harness::val).toList());
    assertEquals(r1, u.get(0).events().get(0).getKv().getModRevision());
    assertEquals(b, u.get(1).watchId());
    assertEquals(r4, u.get(1).revision());
    assertEquals(2, u.get(1).events().size());
    // a progress reply in between: events after it are not moved before it
    long r5 = h.put("a", "3");
    s.requestProgress();
    long r6 = h.put("a", "4");
    u = drain(s);
    assertEquals(3, u.size());
    assertEquals(r5, u.get(0).revision());
    assertEquals(1, u.get(0).events().size());
    assertTrue(u.get(1).isProgress());
    assertEquals(r6, u.get(2).revision());
    assertEquals("4", val(u.get(2).events().get(0)));
    // a canceled watcher's merged events are dropped, the cancel reply remains
    h.put("b", "3");
    h.put("b", "4");
    assertTrue(s.cancel(b));
    u = drain(s);
    assertEquals(1, u.size());
    assertTrue(u.get(0).canceled());
    assertEquals(b, u.get(0).watchId());
  }

  @Test
  void progress() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long pn = s.watch(req("a").setProgressNotify(true).build());
    long quiet = s.watch(req("b").build());
    drain(s);
    long r = h.put("x", "1");
    s.requestProgress();
    List<WatchUpdate> u = drain(s);
    assertEquals(1, u.size());
    assertEquals(-1, u.get(0).watchId());
    assertEquals(r, u.get(0).revision());
    assertTrue(u.get(0).isProgress());
    s.progressTick();
    u = drain(s);
    assertEquals(1, u.size());
    assertEquals(pn, u.get(0).watchId());
    assertEquals(r, u.get(0).revision());
    // events since the last tick elide the next progress
    h.put("a", "1");
    drain(s);
    s.progressTick();
    assertEquals(0, drain(s).size());
    s.progressTick();
    assertEquals(1, drain(s).size());
    assertTrue(quiet >= 0);
  }

  @Test
  void concurrentWritesWatchesAndSlowConsumersAreExact() throws Exception {
    int writes = 3000;
    Thread applier = new Thread(() -> {
      for (int i = 0; i < writes; i++) {
        if (i % 50 == 49) {
          h.delete("w" + (i % 13), null);
        } else {
          h.put("w" + (i % 13), Integer.toString(i));
        }
      }
    });
    applier.start();
    record W(WatchStream s, long id, long start, String key, String end) {}
    List<W> ws = new ArrayList<>();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (applier.isAlive() || ws.size() < 5) {
      WatchStream s = h.hub.newStream(null);
      long cur = h.store.currentRevision();
      long start = rnd.nextBoolean() ? 0 : Math.max(1, cur - rnd.nextInt(200));
      String k = "w" + rnd.nextInt(13);
      String end = rnd.nextBoolean() ? null : "w9";
      WatchCreateRequest.Builder b = req(rnd.nextBoolean() ? k : "w1").setStartRevision(start);
      if (end != null) {
        b.setRangeEnd(bs(end)).setKey(bs("w1"));
      }
      long id = s.watch(b.build());
      List<WatchUpdate> created = drain(s);
      long startRev = start == 0 ? created.get(0).revision() + 1 : start;
      // re-queue events that came along with the created reply: keep them for the check
      ws.add(new W(s, id, startRev, b.getKey().toStringUtf8(), end));
      pending.put(s, created);
      Thread.sleep(rnd.nextInt(5));
    }
    applier.join();
    long finalRev = h.store.currentRevision();
    for (W w : ws) {
      byte[] end = w.end == null ? null : Harness.b(w.end);
      List<Event> expect = h.store.events(w.start, finalRev, Harness.b(w.key), end, false);
      List<WatchUpdate> sink = new ArrayList<>(pending.get(w.s));
      List<Event> got = collect(w.s, sink, w.id, expect.size(), 20000);
      assertEquals(expect, got, "watch from " + w.start + " on " + w.key + ".." + w.end);
      w.s.close();
    }
    assertEquals(0, h.hub.watcherCount());
  }

  @Test
  void restoreCatchesSyncedWatchersUpFromTheNewStore() throws Exception {
    WatchStream s = h.hub.newStream(null);
    long id = s.watch(req("r").build());
    drain(s);
    h.put("r", "0");
    // revisions that arrive without notify, as when a snapshot replaces the store
    for (int i = 1; i <= 5; i++) {
      try (dev.etcdj.storage.mvcc.WriteTxn t = h.store.beginWrite(1000 + i)) {
        t.put(Harness.b("r"), Harness.b(Integer.toString(i)), 0);
        t.end();
      }
    }
    h.hub.restore(h.store);
    assertEquals(h.store.currentRevision(), h.hub.revision());
    List<Event> evs = collect(s, new ArrayList<>(), id, 6, 5000);
    for (int i = 0; i <= 5; i++) {
      assertEquals(Integer.toString(i), val(evs.get(i)));
    }
    Harness.await(() -> h.hub.unsyncedCount() == 0, 5000);
    h.put("r", "6");
    assertEquals("6", val(collect(s, new ArrayList<>(), id, 1, 5000).get(0)));
  }

  @Test
  void longCatchUpIsSplitIntoModerateRepliesAtRevisionBoundaries() throws Exception {
    String big = "z".repeat(64 * 1024);
    long first = 0;
    for (int i = 0; i < 40; i++) { // 2.5 MiB of history
      long r = h.putAll("big/a", big + i, "big/b", big + i);
      first = first == 0 ? r : first;
    }
    WatchStream s = h.hub.newStream(null);
    long id = s.watch(req("big/").setRangeEnd(bs("big0")).setStartRevision(first).build());
    List<WatchUpdate> sink = new ArrayList<>();
    List<Event> evs = collect(s, sink, id, 80, 5000);
    assertEquals(80, evs.size());
    int replies = 0;
    for (WatchUpdate u : sink) {
      if (u.watchId() == id && !u.events().isEmpty()) {
        replies++;
        // both events of a revision stay together; header revision = last event's revision
        assertEquals(0, u.events().size() % 2);
        assertTrue(u.revision() >= u.events().get(u.events().size() - 1).getKv().getModRevision());
      }
    }
    assertTrue(replies >= 3, "replies: " + replies);
  }

  private final java.util.Map<WatchStream, List<WatchUpdate>> pending = new java.util.HashMap<>();

  private static void checkSequence(List<Event> evs, int n) {
    assertEquals(n, evs.size());
    for (int i = 0; i < n; i++) {
      assertEquals(Integer.toString(i), val(evs.get(i)), "event " + i);
      assertEquals("s" + (i % 7), key(evs.get(i)));
    }
  }

  private static List<String> keysOf(List<WatchUpdate> u, long id) {
    List<String> out = new ArrayList<>();
    for (Event e : eventsOf(u, id)) {
      out.add(key(e));
    }
    return out;
  }

  private static List<Event> eventsOf(List<WatchUpdate> u, long id) {
    List<Event> out = new ArrayList<>();
    for (WatchUpdate x : u) {
      if (x.watchId() == id) {
        out.addAll(x.events());
      }
    }
    return out;
  }
}
