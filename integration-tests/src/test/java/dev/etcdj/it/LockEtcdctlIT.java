package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lock.LockResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real etcdctl 3.4 {@code lock} against ours. etcdctl 3.4 runs the mutex recipe
 * client-side (KV, lease, watch); the last test mixes it with the server-side Lock service
 * (through jetcd), which uses the same key layout, so both exclude each other.
 */
class LockEtcdctlIT {
  @TempDir
  static Path tmp;
  static ServerProcess server;

  @BeforeAll
  static void start() {
    assumeTrue(Etcdctl.installed(), "etcdctl not installed");
    server = ServerProcess.startOurs(tmp.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Process etcdctl(Path out, String... args) throws IOException {
    return Etcdctl.spawn(server.endpoint(), out, args);
  }

  @Test
  void secondLockerRunsOnlyAfterTheFirstReleases() throws Exception {
    Path log = tmp.resolve("order.log");
    Files.writeString(log, "");
    Process first = etcdctl(tmp.resolve("first.out"), "lock", "mylock", "--",
        "sh", "-c", "echo start1 >> " + log + "; sleep 2; echo end1 >> " + log);
    waitForContent(log, "start1");
    Process second = etcdctl(tmp.resolve("second.out"), "lock", "mylock", "--",
        "sh", "-c", "echo start2 >> " + log + "; echo \"$ETCD_LOCK_KEY\"");
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertTrue(second.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.out")));
    assertEquals(0, second.exitValue(), Files.readString(tmp.resolve("second.out")));
    assertEquals("start1\nend1\nstart2\n", Files.readString(log));
    assertTrue(Files.readString(tmp.resolve("second.out")).startsWith("mylock/"),
        Files.readString(tmp.resolve("second.out")));
  }

  @Test
  void heldLockPrintsItsKeyAndIsReleasedWhenKilled() throws Exception {
    Path out = tmp.resolve("held.out");
    Process holder = etcdctl(out, "lock", "heldlock");
    try {
      waitForContent(out, "heldlock/");
      Path log = tmp.resolve("after.log");
      Process next = etcdctl(log, "lock", "heldlock", "--", "echo", "hi");
      assertFalse(next.waitFor(1500, TimeUnit.MILLISECONDS), "second locker ran while the lock was held");
      holder.destroy(); // etcdctl revokes its session lease on SIGTERM
      assertTrue(next.waitFor(30, TimeUnit.SECONDS), "second locker never got the lock");
      assertEquals("hi\n", Files.readString(log));
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void etcdctlLockWaitsForTheLockServiceHolder() throws Exception {
    try (Client client = Client.builder().endpoints(server.url()).build()) {
      long lease = client.getLeaseClient().grant(30).get(10, TimeUnit.SECONDS).getID();
      LockResponse held = client.getLockClient().lock(ByteSequence.from("mixed", StandardCharsets.UTF_8), lease)
          .get(10, TimeUnit.SECONDS);
      Path log = tmp.resolve("mixed.out");
      Process p = etcdctl(log, "lock", "mixed", "--", "echo", "got-it");
      assertFalse(p.waitFor(1500, TimeUnit.MILLISECONDS), "etcdctl took a lock held through the Lock service");
      client.getLockClient().unlock(held.getKey()).get(10, TimeUnit.SECONDS);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals("got-it\n", Files.readString(log));
    }
  }

  static void waitForContent(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(file) || !Files.readString(file).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' in " + file + ": "
            + (Files.exists(file) ? Files.readString(file) : "(missing)"));
      }
      Thread.sleep(50);
    }
  }
}
