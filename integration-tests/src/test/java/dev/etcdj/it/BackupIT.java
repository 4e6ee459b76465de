package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code ETCDCTL_API=2 etcdctl backup} on data dirs of Debian's real etcd 3.4: write v2
 * and v3 keys to a real etcd, back it up, start real etcd on the backup with
 * --force-new-cluster and read the keys back.
 */
class BackupIT {
  @TempDir
  Path tmp;

  @BeforeEach
  void needsRealEtcd() {
    assumeTrue(ServerProcess.realEtcdInstalled(), "Debian's etcd is not installed");
  }

  private static Etcdctl.Result backup(String... args) {
    return OurTools.etcdctlWithEnv(OurTools.API_V2, OurTools.prepend(args, "backup"));
  }

  private static String memberId(ServerProcess s) {
    return OurTools.ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().substring(0, 16);
  }

  @Test
  void backupOfARunningMemberKeepsTheV2KeysAndDropsTheV3Ones() {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    String oldId;
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2")) {
      OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "123"));
      OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "foo1", "bar1"));
      OurTools.ok(OurTools.etcdctlV2(s.url(), "mkdir", "/dir"));
      oldId = memberId(s);
      Etcdctl.Result r = OurTools.ok(backup("--data-dir", dir.toString(), "--backup-dir", backupDir.toString()));
      assertTrue(r.stderr().contains(" I | ignoring v3 raft entry\n"), r.stderr());
      assertTrue(r.stderr().contains(" I | ignoring EntryConfChange raft entry\n"), r.stderr());
      assertEquals("", r.stdout());
      s.stop();
    }
    try (ServerProcess s = ServerProcess.startReal(backupDir, "--enable-v2", "--force-new-cluster")) {
      assertEquals("bar1\n", OurTools.ok(OurTools.etcdctlV2(s.url(), "get", "foo1")).stdout());
      assertTrue(OurTools.ok(OurTools.etcdctlV2(s.url(), "ls")).stdout().lines().anyMatch("/dir"::equals));
      assertEquals("", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key")).stdout());
      assertNotEquals(oldId, memberId(s));
      OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "foo2", "bar2"));
      assertEquals("bar2\n", OurTools.ok(OurTools.etcdctlV2(s.url(), "get", "foo2")).stdout());
    }
  }

  @Test
  void withV3AfterSnapshotsAndSeparateWalDirsKeepsBoth() {
    Path dir = tmp.resolve("etcd");
    Path wal = tmp.resolve("wal");
    Path backupDir = tmp.resolve("backup");
    Path backupWal = tmp.resolve("backup-wal");
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2", "--snapshot-count", "5", "--wal-dir",
        wal.toString())) {
      for (int i = 0; i < 12; i++) {
        OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "v3-" + i, "value-" + i));
        OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "v2-" + i, "value-" + i));
      }
      s.stop();
    }
    assertTrue(dir.resolve("member/snap").toFile().list((d, n) -> n.endsWith(".snap")).length > 0);
    OurTools.ok(backup("--data-dir", dir.toString(), "--wal-dir", wal.toString(), "--backup-dir",
        backupDir.toString(), "--backup-wal-dir", backupWal.toString(), "--with-v3"));
    assertTrue(Files.isDirectory(backupWal));
    assertTrue(Files.notExists(backupDir.resolve("member/wal")));
    try (ServerProcess s = ServerProcess.startReal(backupDir, "--enable-v2", "--force-new-cluster", "--wal-dir",
        backupWal.toString())) {
      for (int i = 0; i < 12; i++) {
        assertEquals("value-" + i + "\n", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3-" + i,
            "--print-value-only")).stdout());
        assertEquals("value-" + i + "\n", OurTools.ok(OurTools.etcdctlV2(s.url(), "get", "v2-" + i)).stdout());
      }
      assertEquals(1, OurTools.ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().lines().count());
      OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "after", "backup"));
    }
  }

  @Test
  void withV3WaitsForTheRunningEtcdToReleaseItsDatabase() throws Exception {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    Path log = tmp.resolve("backup.log");
    Process backup;
    try (ServerProcess s = ServerProcess.startReal(dir, "--enable-v2")) {
      OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "123"));
      backup = OurTools.backupWaitingForTheMember(dir, backupDir, dir.resolve("member/snap/db"), log);
      s.stop();
    }
    assertEquals(0, backup.waitFor(), Files.readString(log));
    try (ServerProcess s = ServerProcess.startReal(backupDir, "--force-new-cluster")) {
      assertEquals("123\n", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key", "--print-value-only"))
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
