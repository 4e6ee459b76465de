package dev.etcdj.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.KeyValue;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import dev.etcdj.storage.wal.HardState;
import dev.etcdj.storage.wal.Wal;
import dev.etcdj.storage.wal.WalEntry;
import dev.etcdj.storage.wal.WalReadResult;
import dev.etcdj.storage.wal.WalSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a process that appends to a WAL and applies each entry to the MVCC store (the
 * server's write path in miniature): after restart the WAL holds every acknowledged entry, the
 * store is at a transaction boundary, and its consistent index says where to replay from.
 */
class CrashRecoveryTest {
  @TempDir Path tmp;

  /** The child: log entry i, then apply it (put "counter"=i and "k{i%50}") with index i. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (Wal wal = Wal.create(dir.resolve("wal"), new byte[] {1}, 256 * 1024);
        MvccStore st = MvccStore.open(dir.resolve("db"))) {
      for (long i = 1; ; i += 4) {
        List<WalEntry> batch = new ArrayList<>();
        for (long j = i; j < i + 4; j++) {
          batch.add(new WalEntry(1, j, 0, ("entry-" + j).getBytes(StandardCharsets.UTF_8)));
        }
        wal.save(new HardState(1, 1, i + 3), batch);
        System.out.println("acked " + (i + 3));
        for (long j = i; j < i + 4; j++) {
          try (WriteTxn t = st.beginWrite(j)) {
            t.put("counter".getBytes(), Long.toString(j).getBytes(), 0);
            t.put(("k" + (j % 50)).getBytes(), new byte[64], 0);
            t.end();
          }
        }
        if (i % 400 == 1) {
          st.compact(st.currentRevision() / 2);
        }
      }
    }
  }

  @Test
  void killNineThenRecover() throws Exception {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 2; round++) {
      Path dir = tmp.resolve("r" + round);
      Process p = new ProcessBuilder(java, "-cp", cp, CrashRecoveryTest.class.getName(),
          dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      long acked = 0;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200 + 500 * round);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
          acked = Long.parseLong(line.substring(6));
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
      }
      assertTrue(acked > 0, "child made no progress");

      long ci;
      try (MvccStore st = MvccStore.open(dir.resolve("db"))) {
        ci = st.consistentIndex();
        if (ci > 0) {
          KeyValue c = st.range("counter".getBytes(), null, 0, 0, false).kvs().get(0);
          assertEquals(ci, Long.parseLong(c.getValue().toStringUtf8()), "store is atomic");
          assertEquals(ci + 1, st.currentRevision(), "one revision per txn");
        }
        st.waitForCompaction();
      }
      try (Wal wal = Wal.open(dir.resolve("wal"), WalSnapshot.ZERO, 256 * 1024)) {
        WalReadResult res = wal.readAll();
        long last = res.entries().isEmpty() ? 0 : res.entries().get(res.entries().size() - 1)
            .index();
        assertTrue(last >= acked, "acked " + acked + " but WAL ends at " + last);
        assertTrue(last >= ci, "store applied " + ci + " beyond WAL " + last);
        for (int i = 0; i < res.entries().size(); i++) {
          assertEquals(i + 1, res.entries().get(i).index());
        }
        wal.save(HardState.EMPTY, List.of(new WalEntry(1, last + 1, 0, new byte[0])));
      }
    }
  }

}
