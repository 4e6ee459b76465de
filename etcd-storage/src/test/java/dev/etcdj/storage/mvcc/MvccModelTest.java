package dev.etcdj.storage.mvcc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test: a seeded random sequence of transactions (puts, deletes, reads inside the
 * transaction, meta writes), compactions, reads at past revisions, history reads and reopens,
 * applied to the store and to a naive model that keeps a full copy of the key space at every
 * revision. A second store receives the same writes and must hash the same.
 *
 * <p>To replay a failure, run the seed printed in the assertion message alone:
 * {@code ./mvnw -pl etcd-storage test -Dtest=MvccModelTest} after narrowing the
 * {@code @ValueSource} to that seed.
 */
class MvccModelTest {
  private static final byte[][] KEYS = {b("a"), b("a\0"), b("a\0\0"), b("ab"), b("b"),
      b("b\u00ff"), b("c"), b("\0"), b("\u00ff"), b("\u00ff\u00ff")};
  private static final byte[][] ENDS = {null, new byte[0], {0}, b("a\1"), b("b"), b("c"),
      b("d"), b("\u00ff"), b("a\0\1")};

  @TempDir Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The naive model: the whole key space at every revision. */
  static final class Model {
    final List<TreeMap<byte[], KeyValue>> states = new ArrayList<>();
    final List<List<Event>> eventsAt = new ArrayList<>();
    final TreeMap<String, byte[]> meta = new TreeMap<>();
    long compactRev;

    Model() {
      states.add(new TreeMap<>(Arrays::compareUnsigned)); // revision 0, unused
      states.add(new TreeMap<>(Arrays::compareUnsigned)); // revision 1: empty store
      eventsAt.add(List.of());
      eventsAt.add(List.of());
    }

    long current() {
      return states.size() - 1;
    }

    static boolean inRange(byte[] k, byte[] key, byte[] end) {
      if (end == null || end.length == 0) {
        return Arrays.equals(k, key);
      }
      if (end.length == 1 && end[0] == 0) {
        return Arrays.compareUnsigned(k, key) >= 0;
      }
      return Arrays.compareUnsigned(k, key) >= 0 && Arrays.compareUnsigned(k, end) < 0;
    }

    static List<KeyValue> range(TreeMap<byte[], KeyValue> state, byte[] key, byte[] end) {
      List<KeyValue> out = new ArrayList<>();
      for (Map.Entry<byte[], KeyValue> e : state.entrySet()) {
        if (inRange(e.getKey(), key, end)) {
          out.add(e.getValue());
        }
      }
      return out;
    }
  }

  /** A model transaction over a working copy. */
  static final class ModelTxn {
    final Model m;
    final TreeMap<byte[], KeyValue> work;
    final long rev;
    final List<Event> events = new ArrayList<>();

    ModelTxn(Model m) {
      this.m = m;
      this.work = new TreeMap<>(m.states.get((int) m.current()));
      this.rev = m.current() + 1;
    }

    void put(byte[] k, byte[] v, long lease) {
      KeyValue prev = work.get(k);
      KeyValue kv = KeyValue.newBuilder().setKey(ByteString.copyFrom(k))
          .setCreateRevision(prev == null ? rev : prev.getCreateRevision()).setModRevision(rev)
          .setVersion(prev == null ? 1 : prev.getVersion() + 1).setValue(ByteString.copyFrom(v))
          .setLease(lease).build();
      work.put(k, kv);
      Event.Builder e = Event.newBuilder().setType(Event.EventType.PUT).setKv(kv);
      if (prev != null) {
        e.setPrevKv(prev);
      }
      events.add(e.build());
    }

    long delete(byte[] key, byte[] end) {
      List<KeyValue> gone = Model.range(work, key, end);
      for (KeyValue prev : gone) {
        work.remove(prev.getKey().toByteArray());
        events.add(Event.newBuilder().setType(Event.EventType.DELETE)
            .setKv(KeyValue.newBuilder().setKey(prev.getKey()).setModRevision(rev))
            .setPrevKv(prev).build());
      }
      return gone.size();
    }

    void commit() {
      if (!events.isEmpty()) {
        m.states.add(work);
        m.eventsAt.add(events);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20260127})
  void randomHistoryMatchesModel(long seed) {
    try {
      run(seed, 2500);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + ": " + e, e);
    }
  }

  private void run(long seed, int steps) {
    Random rnd = new Random(seed);
    Model m = new Model();
    Path dirA = tmp.resolve("a-" + seed);
    Path dirB = tmp.resolve("b-" + seed);
    MvccStore st = MvccStore.open(dirA);
    MvccStore twin = MvccStore.open(dirB);
    long ci = 0;
    try {
      for (int step = 0; step < steps; step++) {
        String at = "step " + step;
        int op = rnd.nextInt(100);
        if (op < 45) {
          ci++;
          ModelTxn mt = new ModelTxn(m);
          try (WriteTxn t = st.beginWrite(ci); WriteTxn t2 = twin.beginWrite(ci)) {
            assertEquals(mt.rev, t.revision(), at);
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
              int kind = rnd.nextInt(10);
              byte[] k = KEYS[rnd.nextInt(KEYS.length)];
              if (kind < 5) {
                byte[] v = b("v" + rnd.nextInt(1000));
                long lease = rnd.nextInt(3);
                KeyValue prev = t.put(k, v, lease);
                t2.put(k, v, lease);
                assertEquals(mt.work.get(k), prev, at + " put prev");
                mt.put(k, v, lease);
              } else if (kind < 8) {
                byte[] end = rnd.nextBoolean() ? null : ENDS[rnd.nextInt(ENDS.length)];
                long got = t.deleteRange(k, end);
                t2.deleteRange(k, end);
                assertEquals(mt.delete(k, end), got, at + " delete count");
              } else {
                byte[] end = ENDS[rnd.nextInt(ENDS.length)];
                RangeResult r = t.range(k, end, 0, 0, false);
                assertEquals(Model.range(mt.work, k, end), r.kvs(), at + " txn range");
              }
            }
            if (rnd.nextInt(5) == 0) {
              String mk = "k" + rnd.nextInt(5);
              if (rnd.nextBoolean()) {
                t.putMeta("lease", b(mk), b("m" + step));
                t2.putMeta("lease", b(mk), b("m" + step));
                m.meta.put(mk, b("m" + step));
              } else {
                t.deleteMeta("lease", b(mk));
                t2.deleteMeta("lease", b(mk));
                m.meta.remove(mk);
              }
            }
            List<Event> evs = t.end();
            t2.end();
            assertEquals(mt.events, evs, at + " txn events");
            mt.commit();
          }
          assertEquals(m.current(), st.currentRevision(), at);
          assertEquals(ci, st.consistentIndex(), at);
        } else if (op < 50) {
          long rev = 1 + rnd.nextInt((int) m.current() + 1);
          try {
            st.compact(rev);
            twin.compact(rev);
            if (rev <= m.compactRev || rev > m.current()) {
              fail(at + " compact(" + rev + ") should fail");
            }
            m.compactRev = rev;
          } catch (CompactedException e) {
            assertEquals(true, rev <= m.compactRev, at + " compacted " + rev);
          } catch (FutureRevisionException e) {
            assertEquals(true, rev > m.current(), at + " future " + rev);
          }
        } else if (op < 85) {
          long rev = rnd.nextInt((int) m.current() + 2);
          byte[] k = KEYS[rnd.nextInt(KEYS.length)];
          byte[] end = ENDS[rnd.nextInt(ENDS.length)];
          long limit = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : 0;
          boolean countOnly = rnd.nextInt(6) == 0;
          String what = at + " range@" + rev + " limit " + limit;
          try {
            RangeResult r = st.range(k, end, rev, limit, countOnly);
            if (rev > m.current() || (rev > 0 && rev < m.compactRev)) {
              fail(what + " should fail");
            }
            List<KeyValue> want = Model.range(m.states.get((int) (rev == 0 ? m.current() : rev)),
                k, end);
            assertEquals(want.size(), r.count(), what + " count");
            List<KeyValue> wantKvs = countOnly ? List.of()
                : limit > 0 ? want.subList(0, (int) Math.min(limit, want.size())) : want;
            assertEquals(wantKvs, r.kvs(), what);
            assertEquals(m.current(), r.revision(), what);
          } catch (CompactedException e) {
            assertEquals(true, rev > 0 && rev < m.compactRev, what);
          } catch (FutureRevisionException e) {
            assertEquals(true, rev > m.current(), what);
          }
        } else if (op < 97) {
          long from = 1 + rnd.nextInt((int) m.current());
          long to = rnd.nextInt(4) == 0 ? 0 : from + rnd.nextInt(20);
          byte[] k = KEYS[rnd.nextInt(KEYS.length)];
          byte[] end = ENDS[rnd.nextInt(ENDS.length)];
          String what = at + " events " + from + ".." + to;
          try {
            List<Event> got = st.events(from, to, k, end, true);
            if (from < m.compactRev) {
              fail(what + " should fail");
            }
            if (from > m.compactRev) {
              List<Event> want = new ArrayList<>();
              long last = to == 0 ? m.current() : Math.min(to, m.current());
              for (long r = from; r <= last; r++) {
                for (Event e : m.eventsAt.get((int) r)) {
                  if (Model.inRange(e.getKv().getKey().toByteArray(), k, end)) {
                    want.add(e);
                  }
                }
              }
              assertEquals(want, got, what);
            }
          } catch (CompactedException e) {
            assertEquals(true, from < m.compactRev, what);
          }
          List<MetaEntry> metas = st.scanMeta("lease");
          assertEquals(m.meta.size(), metas.size(), at + " meta");
          int i = 0;
          for (Map.Entry<String, byte[]> e : m.meta.entrySet()) {
            assertArrayEquals(b(e.getKey()), metas.get(i).key(), at);
            assertArrayEquals(e.getValue(), metas.get(i++).value(), at);
          }
        } else if (rnd.nextInt(4) == 0) {
          st.close();
          st = MvccStore.open(dirA);
          assertEquals(m.current(), st.currentRevision(), at + " reopen");
          assertEquals(m.compactRev, st.compactRevision(), at + " reopen");
          assertEquals(ci, st.consistentIndex(), at + " reopen");
        }
      }
      st.waitForCompaction();
      twin.waitForCompaction();
      assertEquals(twin.hashKv(0), st.hashKv(0));
      assertEquals(twin.hash(), st.hash());
      // after physical compaction every surviving revision is still readable
      long rev = Math.max(1, m.compactRev);
      for (long r = rev; r <= m.current(); r++) {
        assertEquals(Model.range(m.states.get((int) r), new byte[] {0}, new byte[] {0}),
            st.range(new byte[] {0}, new byte[] {0}, r, 0, false).kvs(), "final read at " + r);
      }
    } finally {
      st.close();
      twin.close();
    }
  }
}
