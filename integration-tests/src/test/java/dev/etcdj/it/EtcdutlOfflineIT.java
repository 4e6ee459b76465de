package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etcdutl defrag} and {@code etcdutl backup} on a stopped member's data dir, with real
 * processes: write, stop, run the tool, start a server on the result and read the keys back.
 */
class EtcdutlOfflineIT {
  @TempDir
  Path tmp;

  private static Etcdctl.Result ok(Etcdctl.Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  private static void write(ServerProcess s) {
    for (int i = 0; i < 20; i++) {
      ok(OurTools.etcdctl(s.endpoint(), "put", "k" + i, "v" + i));
    }
    ok(OurTools.etcdctl(s.endpoint(), "del", "k1"));
    ok(OurTools.etcdctl(s.endpoint(), "del", "k9"));
    ok(OurTools.etcdctl(s.endpoint(), "compaction", "10"));
  }

  private static void assertData(ServerProcess s) {
    assertEquals(18, ok(OurTools.etcdctl(s.endpoint(), "get", "k", "--prefix", "--keys-only")).stdout().lines()
        .filter(l -> !l.isEmpty()).count());
    assertEquals("v19\n", ok(OurTools.etcdctl(s.endpoint(), "get", "k19", "--print-value-only")).stdout());
    assertEquals("", ok(OurTools.etcdctl(s.endpoint(), "get", "k1")).stdout());
    // history after the compaction is kept
    assertEquals("v3\n", ok(OurTools.etcdctl(s.endpoint(), "get", "k3", "--rev", "12", "--print-value-only"))
        .stdout());
  }

  @Test
  void defragmentsAStoppedMembersDataDirAndRefusesARunningOne() {
    Path dir = tmp.resolve("member");
    try (ServerProcess s = ServerProcess.startOurs(dir)) {
      write(s);
      Etcdctl.Result running = OurTools.etcdutl("defrag", "--data-dir", dir.toString());
      assertEquals(1, running.exitCode());
      assertTrue(running.stderr().startsWith("Error: Failed to defragment etcd data[" + dir + "] (the store "),
          running.stderr());
      assertTrue(running.stderr().contains("is locked by a running etcd member"), running.stderr());
      s.stop();
    }
    ok(OurTools.etcdutl("defrag", "--data-dir", dir.toString()));
    // etcdctl 3.4's offline form does the same
    assertEquals("", ok(OurTools.etcdctl("127.0.0.1:1", "defrag", "--data-dir", dir.toString())).stdout());
    try (ServerProcess s = ServerProcess.startOurs(dir)) {
      assertData(s);
    }
    Etcdctl.Result missing = OurTools.etcdutl("defrag", "--data-dir", tmp.resolve("nothing").toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().contains("cannot open database at "), missing.stderr());
    assertTrue(Files.notExists(tmp.resolve("nothing")));
  }

  @Test
  void backupStartsAsAFreshSingleMemberWithTheSameData() {
    Path dir = tmp.resolve("member");
    Path backup = tmp.resolve("backup");
    String oldMembers;
    try (ServerProcess s = ServerProcess.startOurs(dir)) {
      write(s);
      oldMembers = ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout();
      Etcdctl.Result running = OurTools.etcdutl("backup", "--data-dir", dir.toString(), "--backup-dir",
          backup.toString());
      assertEquals(1, running.exitCode());
      assertTrue(running.stderr().contains("is locked by a running etcd member"), running.stderr());
      assertTrue(Files.notExists(backup));
      s.stop();
    }
    ok(OurTools.etcdutl("backup", "--data-dir", dir.toString(), "--backup-dir", backup.toString()));
    Etcdctl.Result again = OurTools.etcdutl("backup", "--data-dir", dir.toString(), "--backup-dir",
        backup.toString());
    assertEquals(1, again.exitCode());
    try (ServerProcess s = ServerProcess.startOurs(backup)) {
      assertData(s);
      String members = ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout();
      assertEquals(1, members.lines().count(), members);
      assertNotEquals(oldMembers.substring(0, 16), members.substring(0, 16));
      ok(OurTools.etcdctl(s.endpoint(), "put", "after", "backup"));
      assertEquals("backup\n", ok(OurTools.etcdctl(s.endpoint(), "get", "after", "--print-value-only")).stdout());
    }
    // the source is untouched and still starts
    try (ServerProcess s = ServerProcess.startOurs(dir)) {
      assertData(s);
      assertEquals(oldMembers.substring(0, 16), ok(OurTools.etcdctl(s.endpoint(), "member", "list")).stdout()
          .substring(0, 16));
    }
  }

  @Test
  void backupNeedsItsDirectories() {
    Etcdctl.Result r = OurTools.etcdutl("backup");
    assertEquals(1, r.exitCode());
    assertEquals("Error: required flag(s) \"backup-dir\", \"data-dir\" not set\n", r.stderr());
  }
}
