package dev.etcdj.storage.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers on other threads read at random revisions >= the compaction revision while the
 * writer puts, deletes and compacts (physical compaction in the background): every answer must
 * equal the state the writer recorded for that revision, or be a CompactedException.
 */
class MvccConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void readsDuringWritesAndCompactionAreExact() throws Exception {
    int saved = Compactor.batchDeletes;
    Compactor.batchDeletes = 8; // many small batches: more interleavings with readers
    try {
      run();
    } finally {
      Compactor.batchDeletes = saved;
    }
  }

  private void run() throws Exception {
    int keys = 20;
    Map<Long, Map<String, Long>> model = new ConcurrentHashMap<>(); // rev -> key -> mod rev
    model.put(1L, Map.of());
    try (MvccStore st = MvccStore.open(tmp.resolve("db"))) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong reads = new AtomicLong();
      AtomicLong compactedReads = new AtomicLong();
      Thread[] readers = new Thread[2];
      Thread writer = new Thread(() -> {
        Map<String, Long> state = new HashMap<>();
        try {
          for (int i = 0; i < 6000; i++) {
            String k = "k" + ThreadLocalRandom.current().nextInt(keys);
            try (WriteTxn t = st.beginWrite(i + 1)) {
              if (state.containsKey(k) && ThreadLocalRandom.current().nextInt(3) == 0) {
                t.deleteRange(k.getBytes(StandardCharsets.UTF_8), null);
                state.remove(k);
              } else {
                t.put(k.getBytes(StandardCharsets.UTF_8), new byte[8], 0);
                state.put(k, t.revision());
              }
              model.put(t.revision(), Map.copyOf(state));
              t.end();
            }
            if (i % 500 == 499) {
              st.compact(st.currentRevision() - 100);
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      for (int r = 0; r < readers.length; r++) {
        readers[r] = new Thread(() -> {
          try {
            while (writer.isAlive()) {
              long c = st.compactRevision();
              long cur = st.currentRevision();
              long rev = Math.max(c, 1) + ThreadLocalRandom.current().nextLong(
                  cur - Math.max(c, 1) + 1);
              try {
                RangeResult res = st.range(new byte[] {0}, new byte[] {0}, rev, 0, false);
                Map<String, Long> want = model.get(rev);
                assertEquals(want.size(), res.kvs().size(), "at " + rev);
                for (KeyValue kv : res.kvs()) {
                  assertEquals(want.get(kv.getKey().toStringUtf8()), kv.getModRevision(),
                      "at " + rev);
                }
                reads.incrementAndGet();
              } catch (CompactedException e) {
                compactedReads.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
      }
      writer.start();
      for (Thread t : readers) {
        t.start();
      }
      writer.join();
      for (Thread t : readers) {
        t.join();
      }
      assertNull(failure.get(), () -> "failure: " + failure.get());
      assertTrue(reads.get() > 100, "reads: " + reads.get());
      st.waitForCompaction();
    }
  }
}
