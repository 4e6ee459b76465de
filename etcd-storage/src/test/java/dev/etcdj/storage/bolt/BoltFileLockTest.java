package dev.etcdj.storage.bolt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoltFileLockTest {
  @TempDir Path tmp;

  @Test
  void seesAnotherProcesssFlock() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "util-linux flock is not installed");
    Path db = Files.writeString(tmp.resolve("db"), "x");
    assertFalse(BoltFileLock.held(db));
    Process p = new ProcessBuilder("/usr/bin/flock", "-x", "-o", db.toString(), "sleep", "30")
        .start();
    try {
      while (p.isAlive() && !BoltFileLock.held(db)) {
        Thread.sleep(20);
      }
      assertTrue(BoltFileLock.held(db));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
    assertFalse(BoltFileLock.held(db));
    assertFalse(BoltFileLock.held(tmp.resolve("missing")));
  }
}
