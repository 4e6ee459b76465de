package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code etcdctl migrate} on data dirs of Debian's real etcd 3.4: v2 keys written to a real
 * etcd become v3 keys (revisions = v2 indexes) that real etcd serves after a restart.
 */
class MigrateIT {
  @TempDir
  Path tmp;

  @BeforeEach
  void needsRealEtcd() {
    assumeTrue(ServerProcess.realEtcdInstalled(), "Debian's etcd is not installed");
  }

  private static Etcdctl.Result migrate(String... args) {
    return OurTools.etcdctlWithEnv(Map.of(), OurTools.prepend(args, "migrate"));
  }

  @Test
  void v2KeysBecomeV3KeysAcrossSnapshots() {
    Path dir = tmp.resolve("etcd");
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2", "--snapshot-count", "4")) {
      OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "kept"));
      for (int i = 0; i < 8; i++) {
        OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "/dir/k" + i, "v" + i));
      }
      OurTools.ok(OurTools.etcdctlV2(s.url(), "rm", "/dir/k3"));
      OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "/dir/k5", "v5-again"));
      OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "--ttl", "600", "/ttl", "expiring"));
      s.stop();
    }
    Etcdctl.Result r = OurTools.ok(migrate("--data-dir", dir.toString(), "--no-ttl"));
    assertEquals("using default transformer\nfinished transforming keys\n", r.stdout());
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2")) {
      String keys = OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "/dir/", "--prefix")).stdout();
      assertEquals("/dir/k0\nv0\n/dir/k1\nv1\n/dir/k2\nv2\n/dir/k4\nv4\n/dir/k5\nv5-again\n"
          + "/dir/k6\nv6\n/dir/k7\nv7\n", keys);
      assertEquals("", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "/ttl")).stdout());
      assertEquals("kept\n", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key", "--print-value-only"))
          .stdout());
      // v2 indexes: member 1, attributes 2, version 3, sets 4-11, rm 12, set 13, ttl set 14 (left out)
      String put = OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "after", "x", "-w", "json")).stdout();
      assertTrue(put.contains("\"revision\":14"), put);
      String k5 = OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "/dir/k5", "-w", "json")).stdout();
      assertTrue(k5.contains("\"create_revision\":13,\"mod_revision\":13,\"version\":1"), k5);
    }
  }

  @Test
  void aFailingTransformerFailsTheMigration() throws Exception {
    Path dir = tmp.resolve("etcd");
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2")) {
      OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "foo", "bar"));
      s.stop();
    }
    Path failing = tmp.resolve("failing.sh");
    Files.writeString(failing, "#!/bin/sh\ncat >/dev/null\necho transformer broke >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
    Etcdctl.Result r = migrate("--data-dir", dir.toString(), "--transformer", failing.toString());
    assertEquals(1, r.exitCode());
    assertEquals("failed to transform keys\n", r.stdout());
    assertEquals("transformer broke\nError: exit status 3\n", r.stderr());
    Etcdctl.Result missing = migrate("--data-dir", tmp.resolve("nothing").toString());
    assertEquals(1, missing.exitCode());
    assertEquals("Error: open " + tmp.resolve("nothing") + "/member/snap: no such file or directory\n",
        missing.stderr());
  }
}
