package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our {@code ETCDCTL_API=2 etcdctl backup} (and {@code etcdutl backup}) on our own server's data
 * dir, as etcd's e2e TestCtlV2Backup* do: write v2 and v3 keys, back up (a running member without
 * --with-v3, a stopped one with it), start our server on the backup with --force-new-cluster and
 * read the keys back.
 */
class OurBackupIT {
  @TempDir
  Path tmp;

  private static Etcdctl.Result backup(String... args) {
    return OurTools.etcdctlWithEnv(OurTools.API_V2, OurTools.prepend(args, "backup"));
  }

  private static String memberId(ServerProcess s) {
    return OurTools.ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().substring(0, 16);
  }

  private static void writeBoth(ServerProcess s) {
    OurTools.ok(OurTools.etcdctl(s.endpoint(), "put", "v3key", "123"));
    OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "foo1", "bar1"));
    OurTools.ok(OurTools.etcdctlV2(s.url(), "mkdir", "/dir"));
  }

  private static void assertServesTheV2Keys(ServerProcess s) {
    assertEquals("bar1\n", OurTools.ok(OurTools.etcdctlV2(s.url(), "get", "foo1")).stdout());
    assertTrue(OurTools.ok(OurTools.etcdctlV2(s.url(), "ls")).stdout().lines().anyMatch("/dir"::equals));
    OurTools.ok(OurTools.etcdctlV2(s.url(), "set", "foo2", "bar2"));
    assertEquals("bar2\n", OurTools.ok(OurTools.etcdctlV2(s.url(), "get", "foo2")).stdout());
  }

  @Test
  void backupOfARunningMemberKeepsTheV2KeysAndDropsTheV3Ones() {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    String oldId;
    try (ServerProcess s = ServerProcess.startOurs(dir, "--enable-v2", "--snapshot-count", "1")) {
      writeBoth(s);
      oldId = memberId(s);
      OurTools.ok(backup("--data-dir", dir.toString(), "--backup-dir", backupDir.toString()));
      s.stop();
    }
    try (ServerProcess s = ServerProcess.startOurs(backupDir, "--enable-v2", "--force-new-cluster")) {
      assertServesTheV2Keys(s);
      assertEquals("", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key")).stdout());
      assertNotEquals(oldId, memberId(s));
    }
  }

  @Test
  void withV3FromSeparateWalDirsKeepsBoth() {
    Path dir = tmp.resolve("etcd");
    Path wal = tmp.resolve("wal");
    Path backupDir = tmp.resolve("backup");
    Path backupWal = tmp.resolve("backup-wal");
    try (ServerProcess s = ServerProcess.startOurs(dir, "--enable-v2", "--snapshot-count", "1", "--wal-dir",
        wal.toString())) {
      writeBoth(s);
      s.stop();
    }
    OurTools.ok(backup("--data-dir", dir.toString(), "--wal-dir", wal.toString(), "--backup-dir",
        backupDir.toString(), "--backup-wal-dir", backupWal.toString(), "--with-v3"));
    assertTrue(Files.isDirectory(backupWal));
    assertTrue(Files.notExists(backupDir.resolve("member/wal")));
    try (ServerProcess s = ServerProcess.startOurs(backupDir, "--enable-v2", "--force-new-cluster", "--wal-dir",
        backupWal.toString())) {
      assertServesTheV2Keys(s);
      assertEquals("123\n", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key", "--print-value-only"))
          .stdout());
      assertEquals(1, OurTools.ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout().lines().count());
    }
  }

  @Test
  void withV3WaitsForTheRunningMemberToReleaseItsStore() throws Exception {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    Path log = tmp.resolve("backup.log");
    Process backup;
    try (ServerProcess s = ServerProcess.startOurs(dir, "--enable-v2")) {
      writeBoth(s);
      backup = OurTools.backupWaitingForTheMember(dir, backupDir, dir.resolve("member/db"), log);
      s.stop();
    }
    assertEquals(0, backup.waitFor(), Files.readString(log));
    try (ServerProcess s = ServerProcess.startOurs(backupDir, "--enable-v2", "--force-new-cluster")) {
      assertServesTheV2Keys(s);
      assertEquals("123\n", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key", "--print-value-only"))
          .stdout());
    }
  }

  @Test
  void etcdutlBackupWithoutV3KeepsOnlyTheV2Keys() {
    Path dir = tmp.resolve("etcd");
    Path backupDir = tmp.resolve("backup");
    try (ServerProcess s = ServerProcess.startOurs(dir, "--enable-v2")) {
      writeBoth(s);
      s.stop();
    }
    OurTools.ok(OurTools.etcdutl("backup", "--data-dir", dir.toString(), "--backup-dir", backupDir.toString(),
        "--with-v3=false"));
    Etcdctl.Result again = backup("--data-dir", dir.toString(), "--backup-dir", backupDir.toString());
    assertEquals(1, again.exitCode());
    assertTrue(again.stderr().contains("backup-dir \"" + backupDir + "\" already holds a member"), again.stderr());
    try (ServerProcess s = ServerProcess.startOurs(backupDir, "--enable-v2", "--force-new-cluster")) {
      assertServesTheV2Keys(s);
      assertEquals("", OurTools.ok(OurTools.etcdctl(s.endpoint(), "get", "v3key")).stdout());
    }
  }
}
