package dev.etcdj.storage.mvcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvccStoreTest {
  @TempDir Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String s(KeyValue kv) {
    return kv.getKey().toString(StandardCharsets.ISO_8859_1) + "="
        + kv.getValue().toString(StandardCharsets.ISO_8859_1);
  }

  static List<Event> put(MvccStore st, long ci, String k, String v) {
    try (WriteTxn t = st.beginWrite(ci)) {
      t.put(b(k), b(v), 0);
      return t.end();
    }
  }

  @Test
  void readOnlyOpenSeesWhatTheWriterHandedToTheOs() {
    Path dir = tmp.resolve("db");
    try (MvccStore st = MvccStore.open(dir)) {
      put(st, 1, "foo", "bar");
      try (WriteTxn t = st.beginWrite(2)) {
        t.putMeta("v2store", b("tree"), b("t1"));
        t.end();
      }
      try (MvccStore ro = MvccStore.openReadOnly(dir)) {
        assertEquals(1, ro.currentRevision(), "the WAL records are still in the writer's buffer");
      }
      st.flushWalBuffer();
      try (MvccStore ro = MvccStore.openReadOnly(dir)) {
        assertEquals(2, ro.currentRevision());
        assertEquals(2, ro.consistentIndex());
        assertEquals("foo=bar", s(ro.range(b("foo"), null, 0, 0, false).kvs().get(0)));
        assertArrayEquals(b("t1"), ro.scanMeta("v2store").get(0).value());
      }
      put(st, 3, "after", "close");
      assertEquals(3, st.currentRevision());
    }
    assertThrows(MvccException.class, () -> MvccStore.openReadOnly(tmp.resolve("none")));
  }

  @Test
  void newStoreStartsAtRevisionOne() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      assertEquals(1, st.currentRevision());
      assertEquals(0, st.compactRevision());
      assertEquals(0, st.consistentIndex());
      put(st, 1, "foo", "bar");
      assertEquals(2, st.currentRevision());
      KeyValue kv = st.range(b("foo"), null, 0, 0, false).kvs().get(0);
      assertEquals(2, kv.getCreateRevision());
      assertEquals(2, kv.getModRevision());
      assertEquals(1, kv.getVersion());
      assertEquals(1, st.consistentIndex());
    }
  }

  @Test
  void versionsTombstonesAndGenerations() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      put(st, 1, "k", "v1"); // 2
      List<Event> ev = put(st, 2, "k", "v2"); // 3
      assertEquals("k=v1", s(ev.get(0).getPrevKv()));
      KeyValue kv = st.range(b("k"), null, 0, 0, false).kvs().get(0);
      assertEquals(2, kv.getCreateRevision());
      assertEquals(3, kv.getModRevision());
      assertEquals(2, kv.getVersion());
      try (WriteTxn t = st.beginWrite(3)) { // 4
        assertEquals(1, t.deleteRange(b("k"), null));
        List<Event> evs = t.end();
        assertEquals(Event.EventType.DELETE, evs.get(0).getType());
        assertEquals(4, evs.get(0).getKv().getModRevision());
        assertEquals("k=v2", s(evs.get(0).getPrevKv()));
      }
      assertEquals(0, st.range(b("k"), null, 0, 0, false).count());
      assertEquals(1, st.range(b("k"), null, 3, 0, false).count());
      put(st, 4, "k", "v3"); // 5
      kv = st.range(b("k"), null, 0, 0, false).kvs().get(0);
      assertEquals(5, kv.getCreateRevision());
      assertEquals(1, kv.getVersion());
      // deleting a missing key changes nothing
      try (WriteTxn t = st.beginWrite(5)) {
        assertEquals(0, t.deleteRange(b("nope"), null));
        assertTrue(t.end().isEmpty());
      }
      assertEquals(5, st.currentRevision());
      assertEquals(5, st.consistentIndex());
    }
  }

  @Test
  void txnSeesOwnWritesAndSharesOneRevision() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      put(st, 1, "a", "0");
      try (WriteTxn t = st.beginWrite(2)) {
        assertEquals(3, t.revision());
        t.put(b("a"), b("1"), 0);
        t.put(b("b"), b("2"), 7);
        RangeResult r = t.range(b("a"), b("c"), 0, 0, false);
        assertEquals(2, r.count());
        assertEquals("a=1", s(r.kvs().get(0)));
        assertEquals(7, r.kvs().get(1).getLease());
        assertEquals(3, r.revision());
        assertEquals(1, t.range(b("a"), b("c"), 2, 0, false).count()); // past revision
        t.put(b("a"), b("again"), 0);
        assertEquals(2, t.deleteRange(b("a"), b("c")));
        t.put(b("a"), b("new"), 0);
        List<Event> evs = t.end();
        assertEquals(6, evs.size());
        for (Event e : evs) {
          assertEquals(3, e.getKv().getModRevision());
        }
      }
      assertEquals(3, st.currentRevision());
      KeyValue a = st.range(b("a"), null, 0, 0, false).kvs().get(0);
      assertEquals("a=new", s(a));
      assertEquals(3, a.getCreateRevision());
      assertEquals(1, a.getVersion());
      assertEquals(0, st.range(b("b"), null, 0, 0, false).count());
      // the history shows all six changes in sub-revision order
      List<Event> hist = st.events(3, 3, new byte[] {0}, new byte[] {0});
      assertEquals(6, hist.size());
    }
  }

  @Test
  void readOnlyAndMetaOnlyTxnKeepRevision() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      put(st, 1, "a", "0");
      try (WriteTxn t = st.beginWrite(2)) {
        t.range(b("a"), null, 0, 0, false);
        t.putMeta("lease", b("1"), b("ttl"));
        assertArrayEquals(b("ttl"), t.getMeta("lease", b("1")));
        assertNull(st.getMeta("lease", b("1"))); // not committed yet
        assertTrue(t.end().isEmpty());
      }
      assertEquals(2, st.currentRevision());
      assertEquals(2, st.consistentIndex());
      assertArrayEquals(b("ttl"), st.getMeta("lease", b("1")));
      try (WriteTxn t = st.beginWrite(3)) {
        t.putMeta("lease", b("2"), b("x"));
        t.putMeta("members", b("1"), b("m"));
        t.deleteMeta("lease", b("1"));
        assertNull(t.getMeta("lease", b("1")));
        t.end();
      }
      List<MetaEntry> leases = st.scanMeta("lease");
      assertEquals(1, leases.size());
      assertArrayEquals(b("2"), leases.get(0).key());
      assertEquals(1, st.scanMeta("members").size());
      assertEquals(0, st.scanMeta("alarm").size());
    }
  }

  @Test
  void readTxnIsASnapshot() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      put(st, 1, "a", "1");
      try (ReadTxn r = st.beginRead()) {
        put(st, 2, "a", "2");
        put(st, 3, "b", "1");
        assertEquals(2, r.revision());
        assertEquals("a=1", s(r.range(b("a"), null, 0, 0, false).kvs().get(0)));
        assertEquals(1, r.range(new byte[] {0}, new byte[] {0}, 0, 0, false).count());
        assertThrows(FutureRevisionException.class, () -> r.range(b("a"), null, 3, 0, false));
      }
      assertEquals(2, st.range(new byte[] {0}, new byte[] {0}, 0, 0, false).count());
    }
  }

  @Test
  void abortedTxnLeavesNoTrace() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      try (WriteTxn t = st.beginWrite(1)) {
        t.put(b("a"), b("1"), 0);
        t.putMeta("meta", b("x"), b("y"));
      }
      assertEquals(1, st.currentRevision());
      assertEquals(0, st.range(b("a"), null, 0, 0, false).count());
      assertNull(st.getMeta("meta", b("x")));
      put(st, 2, "a", "2");
      assertEquals(2, st.currentRevision());
    }
  }

  @Test
  void rangeEndSemanticsLimitAndCount() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      String[] keys = {"a", "a\0", "a\0b", "ab", "b", "b\u00ff", "\u00ff", "\0"};
      long ci = 1;
      for (String k : keys) {
        put(st, ci++, k, "v");
      }
      assertEquals(1, st.range(b("a"), null, 0, 0, false).count());
      assertEquals(1, st.range(b("a"), new byte[0], 0, 0, false).count());
      assertEquals(8, st.range(new byte[] {0}, new byte[] {0}, 0, 0, false).count());
      assertEquals(7, st.range(b("a"), new byte[] {0}, 0, 0, false).count());
      // prefix "a": [a, b)
      RangeResult r = st.range(b("a"), b("b"), 0, 2, false);
      assertEquals(4, r.count());
      assertEquals(2, r.kvs().size());
      assertTrue(r.more());
      assertArrayEquals(b("a"), r.kvs().get(0).getKey().toByteArray());
      assertArrayEquals(b("a\0"), r.kvs().get(1).getKey().toByteArray());
      RangeResult c = st.range(b("a"), b("b"), 0, 0, true);
      assertEquals(4, c.count());
      assertTrue(c.kvs().isEmpty());
      // unsigned order: 0xff sorts last
      RangeResult all = st.range(new byte[] {0}, new byte[] {0}, 0, 0, false);
      assertArrayEquals(b("\u00ff"), all.kvs().get(7).getKey().toByteArray());
      assertArrayEquals(b("\0"), all.kvs().get(0).getKey().toByteArray());
      assertEquals(0, st.range(b("b"), b("a"), 0, 0, false).count()); // key >= end
      assertEquals(9, r.revision());
    }
  }

  @Test
  void compactionErrorsAndReads() throws Exception {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      for (int i = 0; i < 10; i++) {
        put(st, i + 1, "k", "v" + i); // revisions 2..11
      }
      put(st, 11, "gone", "x"); // 12
      try (WriteTxn t = st.beginWrite(12)) { // 13
        t.deleteRange(b("gone"), null);
        t.end();
      }
      assertThrows(FutureRevisionException.class, () -> st.compact(14));
      st.compact(6).get();
      assertEquals(6, st.compactRevision());
      assertThrows(CompactedException.class, () -> st.compact(6));
      assertThrows(CompactedException.class, () -> st.compact(3));
      CompactedException e = assertThrows(CompactedException.class,
          () -> st.range(b("k"), null, 5, 0, false));
      assertEquals("mvcc: required revision has been compacted", e.getMessage());
      FutureRevisionException f = assertThrows(FutureRevisionException.class,
          () -> st.range(b("k"), null, 14, 0, false));
      assertEquals("mvcc: required revision is a future revision", f.getMessage());
      assertEquals("k=v4", s(st.range(b("k"), null, 6, 0, false).kvs().get(0)));
      assertEquals("k=v5", s(st.range(b("k"), null, 7, 0, false).kvs().get(0)));
      assertThrows(CompactedException.class, () -> st.events(5, 0, b("k"), null));
      assertEquals(6, st.events(6, 0, b("k"), null).size()); // 6..11
      st.compact(13).get();
      assertEquals(0, st.range(b("gone"), null, 0, 0, false).count());
      assertEquals(1, st.range(b("k"), null, 13, 0, false).count());
      // tombstone and all older revisions of "gone" physically removed, newest of k kept
      // the delete at 13 is the newest revision <= 13 of "gone" and a tombstone: removed
      assertTrue(st.events(13, 0, new byte[] {0}, new byte[] {0}).isEmpty());
      assertEquals(11, st.range(b("k"), null, 0, 0, false).kvs().get(0).getModRevision());
      assertNull(st.prevKv(b("gone"), 14));
    }
  }

  @Test
  void eventsWithPrevKv() {
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      put(st, 1, "a", "1"); // 2
      put(st, 2, "b", "1"); // 3
      put(st, 3, "a", "2"); // 4
      try (WriteTxn t = st.beginWrite(4)) { // 5
        t.deleteRange(b("a"), null);
        t.end();
      }
      List<Event> evs = st.events(2, 0, b("a"), null, true);
      assertEquals(3, evs.size());
      assertEquals(Event.EventType.PUT, evs.get(0).getType());
      assertTrue(!evs.get(0).hasPrevKv());
      assertEquals("a=1", s(evs.get(1).getPrevKv()));
      assertEquals(Event.EventType.DELETE, evs.get(2).getType());
      assertEquals("a=2", s(evs.get(2).getPrevKv()));
      assertEquals(5, evs.get(2).getKv().getModRevision());
      assertEquals(2, st.events(3, 4, new byte[] {0}, new byte[] {0}).size());
      assertEquals("a=2", s(st.prevKv(b("a"), 5)));
      assertNull(st.prevKv(b("a"), 2));
    }
  }

  @Test
  void reopenPreservesEverything() {
    Path dir = tmp.resolve("db");
    long hash;
    try (MvccStore st = MvccStore.open(dir)) {
      put(st, 10, "a", "1");
      put(st, 11, "b", "2");
      put(st, 12, "a", "3");
      st.compact(3).join();
      try (WriteTxn t = st.beginWrite(13)) {
        t.putMeta("members", b("m1"), b("peer"));
        t.end();
      }
      hash = st.hashKv(0).hash();
    }
    try (MvccStore st = MvccStore.open(dir)) {
      assertEquals(4, st.currentRevision());
      assertEquals(3, st.compactRevision());
      assertEquals(13, st.consistentIndex());
      assertEquals("a=3", s(st.range(b("a"), null, 0, 0, false).kvs().get(0)));
      assertArrayEquals(b("peer"), st.getMeta("members", b("m1")));
      assertEquals(hash, st.hashKv(0).hash());
      put(st, 14, "c", "x");
      assertEquals(5, st.currentRevision());
    }
  }

  @Test
  void hashKvEqualForEqualHistoriesAndSizes() throws Exception {
    try (MvccStore s1 = MvccStore.open(tmp.resolve("1"));
        MvccStore s2 = MvccStore.open(tmp.resolve("2"))) {
      for (MvccStore st : List.of(s1, s2)) {
        for (int i = 0; i < 50; i++) {
          put(st, i + 1, "k" + (i % 7), "v" + i);
        }
        st.compact(20);
      }
      HashKvResult h1 = s1.hashKv(40);
      HashKvResult h2 = s2.hashKv(40);
      assertEquals(h1, h2);
      assertEquals(20, h1.compactRevision());
      assertEquals(s1.hash(), s2.hash());
      put(s2, 99, "extra", "x");
      assertNotEquals(s1.hashKv(0).hash(), s2.hashKv(0).hash());
      assertEquals(s1.hashKv(40), s2.hashKv(40));
      assertThrows(CompactedException.class, () -> s1.hashKv(20));
      assertThrows(FutureRevisionException.class, () -> s1.hashKv(1000));
      s1.flush();
      s1.defragment();
      assertTrue(s1.sizeBytes() > 0);
      assertTrue(s1.sizeInUseBytes() >= 0);
      s1.checkpoint(tmp.resolve("cp"));
      try (MvccStore cp = MvccStore.open(tmp.resolve("cp"))) {
        assertEquals(s1.hashKv(0), cp.hashKv(0));
      }
    }
  }
}
