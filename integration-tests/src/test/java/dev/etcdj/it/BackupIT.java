package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code ETCDCTL_API=2 etcdctl backup} on data dirs of Debian's real etcd 3.4: write v2
 * and v3 keys to a real etcd, back it up, start real etcd on the backup with
 * --force-new-cluster and read the keys back.
 */
class BackupIT {
  private static final Map<String, String> V2 = Map.of("ETCDCTL_API", "2");

  @TempDir
  Path tmp;

  @BeforeEach
  void needsRealEtcd() {
    assumeTrue(ServerProcess.realEtcdInstalled(), "Debian's etcd is not installed");
  }

  private static Etcdctl.Result ok(Etcdctl.Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  private static ServerProcess real(Path dataDir, String... extra) {
    return ServerProcess.start(ServerProcess.realEtcd(), dataDir, ServerProcess.freePort(),
        ServerProcess.freePort(), extra);
  }

  private static Etcdctl.Result v2(ServerProcess s, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--endpoints";
    all[1] = s.url();
    System.arraycopy(args, 0, all, 2, args.length);
    return OurTools.etcdctlWithEnv(V2, all);
  }

  private static Etcdctl.Result backup(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "backup";
    System.arraycopy(args, 0, all, 1, args.length);
    return OurTools.etcdctlWithEnv(V2, all);
  }

  private static String memberId(ServerProcess s) {
    return ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().substring(0, 16);
  }

  @Test
  void backupOfARunningMemberKeepsTheV2KeysAndDropsTheV3Ones() {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    String oldId;
    try (ServerProcess s = real(dir, "--enable-v2")) {
      ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "123"));
      ok(v2(s, "set", "foo1", "bar1"));
      ok(v2(s, "mkdir", "/dir"));
      oldId = memberId(s);
      Etcdctl.Result r = ok(backup("--data-dir", dir.toString(), "--backup-dir", backupDir.toString()));
      assertTrue(r.stderr().contains(" I | ignoring v3 raft entry\n"), r.stderr());
      assertTrue(r.stderr().contains(" I | ignoring EntryConfChange raft entry\n"), r.stderr());
      assertEquals("", r.stdout());
      s.stop();
    }
    try (ServerProcess s = real(backupDir, "--enable-v2", "--force-new-cluster")) {
      assertEquals("bar1\n", ok(v2(s, "get", "foo1")).stdout());
      assertTrue(ok(v2(s, "ls")).stdout().lines().anyMatch("/dir"::equals));
      assertEquals("", ok(OurTools.etcdctl(s.endpoint(), "get", "v3key")).stdout());
      assertNotEquals(oldId, memberId(s));
      ok(v2(s, "set", "foo2", "bar2"));
      assertEquals("bar2\n", ok(v2(s, "get", "foo2")).stdout());
    }
  }

  @Test
  void withV3AfterSnapshotsAndSeparateWalDirsKeepsBoth() {
    Path dir = tmp.resolve("etcd");
    Path wal = tmp.resolve("wal");
    Path backupDir = tmp.resolve("backup");
    Path backupWal = tmp.resolve("backup-wal");
    try (ServerProcess s = real(dir, "--enable-v2", "--snapshot-count", "5", "--wal-dir",
        wal.toString())) {
      for (int i = 0; i < 12; i++) {
        ok(OurTools.etcdctl(s.endpoint(), "put", "v3-" + i, "value-" + i));
        ok(v2(s, "set", "v2-" + i, "value-" + i));
      }
      s.stop();
    }
    assertTrue(dir.resolve("member/snap").toFile().list((d, n) -> n.endsWith(".snap")).length > 0);
    ok(backup("--data-dir", dir.toString(), "--wal-dir", wal.toString(), "--backup-dir",
        backupDir.toString(), "--backup-wal-dir", backupWal.toString(), "--with-v3"));
    assertTrue(Files.isDirectory(backupWal));
    assertTrue(Files.notExists(backupDir.resolve("member/wal")));
    try (ServerProcess s = real(backupDir, "--enable-v2", "--force-new-cluster", "--wal-dir",
        backupWal.toString())) {
      for (int i = 0; i < 12; i++) {
        assertEquals("value-" + i + "\n", ok(OurTools.etcdctl(s.endpoint(), "get", "v3-" + i,
            "--print-value-only")).stdout());
        assertEquals("value-" + i + "\n", ok(v2(s, "get", "v2-" + i)).stdout());
      }
      assertEquals(1, ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().lines().count());
      ok(OurTools.etcdctl(s.endpoint(), "put", "after", "backup"));
    }
  }

  @Test
  void withV3WaitsForTheRunningEtcdToReleaseItsDatabase() throws Exception {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    Path log = tmp.resolve("backup.log");
    Process backup;
    try (ServerProcess s = real(dir, "--enable-v2")) {
      ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "123"));
      ProcessBuilder pb = new ProcessBuilder(OurTools.binary("etcdctl").toString(), "backup",
          "--data-dir", dir.toString(), "--backup-dir", backupDir.toString(), "--with-v3")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(V2);
      backup = pb.start();
      while (backup.isAlive() && !Files.readString(log).contains(" I | waiting to acquire lock on "
          + dir.resolve("member/snap/db") + "\n")) {
        Thread.sleep(50);
      }
      assertTrue(backup.isAlive(), Files.readString(log));
      s.stop();
    }
    assertEquals(0, backup.waitFor(), Files.readString(log));
    try (ServerProcess s = real(backupDir, "--force-new-cluster")) {
      assertEquals("123\n", ok(OurTools.etcdctl(s.endpoint(), "get", "v3key", "--print-value-only"))
          .stdout());
    }
  }

  @Test
  void refusesANonEmptyBackupDirAndAMissingDataDir() throws Exception {
    Path backupDir = tmp.resolve("backup");
    Files.createDirectories(backupDir.resolve("member/snap"));
    Files.writeString(backupDir.resolve("member/snap/db"), "x");
    Etcdctl.Result busy = backup("--data-dir", tmp.resolve("nothing").toString(), "--backup-dir",
        backupDir.toString());
    assertEquals(1, busy.exitCode());
    assertTrue(busy.stderr().endsWith(" I | failed creating backup snapshot dir " + backupDir
        + "/member/snap: expected \"" + backupDir + "/member/snap\" to be empty, got [\"db\"]\n"),
        busy.stderr());
    Etcdctl.Result missing = backup("--data-dir", tmp.resolve("nothing").toString(),
        "--backup-dir", tmp.resolve("b2").toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().endsWith(" I | open " + tmp.resolve("nothing")
        + "/member/snap: no such file or directory\n"), missing.stderr());
  }
}
