package dev.etcdj.storage.bolt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoltWriterTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsBucketsOfEverySize() throws Exception {
    Path f = dir.resolve("db");
    try (BoltWriter w = new BoltWriter(f)) {
      w.bucket(b("zeta"));
      w.bucket(b("big"));
      for (int i = 0; i < 50_000; i++) {
        w.put(b(String.format("k%08d", i)), b("value-" + i));
      }
      w.bucket(b("huge"));
      w.put(b("one"), new byte[100_000]);
      w.put(b("two"), b("small"));
      w.finish();
    }
    try (BoltReader r = BoltReader.open(f)) {
      assertEquals(List.of("big", "huge", "zeta"),
          r.bucketNames().stream().map(String::new).toList());
      List<String> keys = new ArrayList<>();
      r.forEach(b("big"), (k, v) -> {
        assertEquals("value-" + Integer.parseInt(new String(k).substring(1)), new String(v));
        keys.add(new String(k));
      });
      assertEquals(50_000, keys.size());
      assertEquals("k00000000", keys.get(0));
      assertEquals("k00049999", keys.get(49_999));
      List<byte[]> huge = new ArrayList<>();
      r.forEach(b("huge"), (k, v) -> huge.add(v));
      assertEquals(100_000, huge.get(0).length);
      assertArrayEquals(b("small"), huge.get(1));
      r.forEach(b("zeta"), (k, v) -> {
        throw new AssertionError("empty bucket has a key");
      });
      assertEquals(List.of(), r.check());
      assertEquals(Files.size(f), r.size());
    }
  }

  @Test
  void rejectsUnorderedKeys() {
    try (BoltWriter w = new BoltWriter(dir.resolve("db"))) {
      w.bucket(b("key"));
      w.put(b("b"), b("1"));
      assertThrows(BoltException.class, () -> w.put(b("a"), b("2")));
      assertThrows(BoltException.class, () -> w.put(b("b"), b("2")));
    }
  }

  @Test
  void rejectsAFileThatIsNotBolt() throws Exception {
    Path f = dir.resolve("junk");
    Files.write(f, new byte[8192]);
    assertThrows(BoltException.class, () -> BoltReader.open(f));
  }

  /** The real bbolt (inside etcdctl 3.4) checks and reads what we wrote. */
  @Test
  void realEtcdctlReadsOurFile() throws Exception {
    Path etcdctl = Path.of("/usr/bin/etcdctl");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(etcdctl));
    Path f = dir.resolve("snap.db");
    try (BoltWriter w = new BoltWriter(f)) {
      w.bucket(b("key"));
      for (int i = 0; i < 3000; i++) {
        byte[] rev = java.nio.ByteBuffer.allocate(17).putLong(i + 2).put((byte) '_').putLong(0)
            .array();
        w.put(rev, new byte[40]);
      }
      w.bucket(b("meta"));
      w.put(b("consistent_index"), new byte[8]);
      w.finish();
    }
    Process p = new ProcessBuilder(etcdctl.toString(), "-w", "json", "snapshot", "status",
        f.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("\"revision\":3001,\"totalKey\":3001"), out);
    assertTrue(out.contains("\"totalSize\":" + Files.size(f)), out);
  }
}
