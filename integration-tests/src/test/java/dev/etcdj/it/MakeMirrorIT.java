package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code etcdctl make-mirror} between our server and Debian's etcd 3.4, in both directions:
 * the keys present when it starts are copied, later puts and deletes follow, prefixes are
 * rewritten as the flags say, and the count of mirrored keys is printed every 30 seconds.
 */
class MakeMirrorIT {
  @TempDir
  Path tmp;

  private static Etcdctl.Result ok(Etcdctl.Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  /** Waits up to 30 s for {@code read} to give {@code expected}. */
  private static void eventually(String expected, Supplier<String> read) {
    String got = null;
    for (int i = 0; i < 300; i++) {
      got = read.get();
      if (expected.equals(got)) {
        return;
      }
      ServerProcess.sleep(100);
    }
    assertEquals(expected, got);
  }

  @Test
  void mirrorsOursIntoRealEtcdUnderANewPrefixAndReportsTheCount() throws Exception {
    assumeTrue(ServerProcess.realEtcdInstalled() && Etcdctl.installed());
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"));
        ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"),
            ServerProcess.freePort(), ServerProcess.freePort())) {
      ok(OurTools.etcdctl(ours.endpoint(), "put", "/src/a", "1"));
      ok(OurTools.etcdctl(ours.endpoint(), "put", "/src/b", "2"));
      ok(OurTools.etcdctl(ours.endpoint(), "put", "/other/x", "not mirrored"));
      Path log = tmp.resolve("mirror.log");
      Process mirror = OurTools.spawnEtcdctl(log, "--endpoints", ours.endpoint(), "make-mirror",
          "--prefix", "/src/", "--dest-prefix", "/dst/", real.endpoint());
      try {
        eventually("/dst/a\n1\n/dst/b\n2\n", () -> Etcdctl.run(real.endpoint(), "get", "--prefix", "/").stdout());
        ok(OurTools.etcdctl(ours.endpoint(), "put", "/src/c", "3"));
        ok(OurTools.etcdctl(ours.endpoint(), "del", "/src/a"));
        eventually("/dst/b\n2\n/dst/c\n3\n", () -> Etcdctl.run(real.endpoint(), "get", "--prefix", "/").stdout());
        // two keys copied, then a put and a delete: etcdctl prints 4 after 30 seconds
        eventually("4\n", () -> read(log));
        assertTrue(mirror.isAlive(), read(log));
      } finally {
        mirror.destroy();
        mirror.waitFor();
      }
    }
  }

  @Test
  void mirrorsRealEtcdIntoOursAtTheRootWithNoDestPrefix() throws Exception {
    assumeTrue(ServerProcess.realEtcdInstalled() && Etcdctl.installed());
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"));
        ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"),
            ServerProcess.freePort(), ServerProcess.freePort())) {
      for (int i = 0; i < 1200; i += 100) {
        // more than one range page (etcd's syncer reads 1000 keys a request)
        StringBuilder txn = new StringBuilder("\n");
        for (int j = i; j < i + 100; j++) {
          txn.append("put /app/k").append(String.format("%04d", j)).append(" v").append(j).append('\n');
        }
        ok(Etcdctl.runWithInput(real.endpoint(), txn + "\n\n", "txn"));
      }
      Path log = tmp.resolve("mirror.log");
      Process mirror = OurTools.spawnEtcdctl(log, "--endpoints", real.endpoint(), "make-mirror",
          "--prefix", "/app/", "--no-dest-prefix", ours.endpoint());
      try {
        eventually("1200\n", () -> OurTools.etcdctl(ours.endpoint(), "get", "k", "--from-key", "--count-only",
            "-w", "fields").stdout().lines().filter(l -> l.startsWith("\"Count\"")).findFirst()
            .map(l -> l.substring(l.indexOf(':') + 2) + "\n").orElse(""));
        assertEquals("v1199\n", ok(OurTools.etcdctl(ours.endpoint(), "get", "k1199", "--print-value-only")).stdout());
        ok(Etcdctl.runWithInput(real.endpoint(), "\nput /app/k0000 changed\ndel /app/k0001\n\n\n", "txn"));
        eventually("k0000\nchanged\nk0002\nv2\n", () -> OurTools.etcdctl(ours.endpoint(), "get", "k0000",
            "k0003").stdout());
        assertTrue(mirror.isAlive(), read(log));
      } finally {
        mirror.destroy();
        mirror.waitFor();
      }
    }
  }

  @Test
  void refusesConflictingPrefixFlagsAndAMissingDestination() {
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      Etcdctl.Result both = OurTools.etcdctl(ours.endpoint(), "make-mirror", "--dest-prefix", "x",
          "--no-dest-prefix", "127.0.0.1:1");
      assertEquals(128, both.exitCode());
      assertEquals("Error: `--dest-prefix` and `--no-dest-prefix` cannot be set at the same time, choose one\n",
          both.stderr());
      Etcdctl.Result none = OurTools.etcdctl(ours.endpoint(), "make-mirror");
      assertEquals(128, none.exitCode());
      assertEquals("Error: make-mirror takes one destination argument\n", none.stderr());
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
