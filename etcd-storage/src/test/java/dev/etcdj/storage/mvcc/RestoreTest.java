package dev.etcdj.storage.mvcc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint of one store replaces another store in place (a follower installing a snapshot). */
class RestoreTest {
  @TempDir
  Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void restoreReplacesContentsRevisionAndConsistentIndex() {
    try (MvccStore leader = MvccStore.open(tmp.resolve("leader"));
        MvccStore follower = MvccStore.open(tmp.resolve("follower"))) {
      for (int i = 0; i < 10; i++) {
        try (WriteTxn t = leader.beginWrite(100 + i)) {
          t.put(b("k" + i), b("v" + i), 0);
          t.putMeta("members", b("m"), b("x"));
          t.end();
        }
      }
      try (WriteTxn t = follower.beginWrite(3)) {
        t.put(b("stale"), b("gone"), 0);
        t.end();
      }
      leader.checkpoint(tmp.resolve("snap"));
      follower.restore(tmp.resolve("snap"));

      assertEquals(leader.currentRevision(), follower.currentRevision());
      assertEquals(109, follower.consistentIndex());
      assertEquals(10, follower.range(b("k"), b("l"), 0, 0, true).count());
      assertTrue(follower.range(b("stale"), null, 0, 0, false).kvs().isEmpty());
      assertEquals("x", new String(follower.getMeta("members", b("m")), StandardCharsets.UTF_8));
      assertEquals(leader.hashKv(0).hash(), follower.hashKv(0).hash());
      assertFalse(Files.exists(tmp.resolve("snap")), "the checkpoint was moved into place");

      try (WriteTxn t = follower.beginWrite(110)) {
        t.put(b("after"), b("restore"), 0);
        t.end();
      }
      assertEquals(leader.currentRevision() + 1, follower.currentRevision());
    }
  }
}
