package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend quota's NOSPACE alarm, and periodic auto-compaction, through the real etcdctl. */
class QuotaAndCompactionIT {
  @TempDir
  Path tmp;

  @Test
  void exceedingTheQuotaRaisesNospaceUntilDisarmed() {
    assumeTrue(Etcdctl.installed(), "needs Debian's etcdctl (apt-get install etcd-client)");
    // RocksDB's files start near 100 kB here; a 1 MB quota fills after a few 100 kB values
    try (ServerProcess s = ServerProcess.startOurs(tmp.resolve("data"), "--quota-backend-bytes", "1000000")) {
      String big = "x".repeat(100_000);
      Etcdctl.Result r = null;
      for (int i = 0; i < 50; i++) {
        r = Etcdctl.run(s.endpoint(), "put", "k" + i, big);
        if (r.exitCode() != 0) {
          break;
        }
      }
      assertTrue(r.stderr().contains("etcdserver: mvcc: database space exceeded"), r.stderr());
      Etcdctl.Result alarms = Etcdctl.run(s.endpoint(), "alarm", "list");
      assertTrue(alarms.stdout().matches("memberID:\\d+ alarm:NOSPACE \\n"), alarms.stdout());
      Etcdctl.Result refused = Etcdctl.run(s.endpoint(), "put", "small", "v");
      assertTrue(refused.stderr().contains("database space exceeded"), "writes stay refused while the alarm is on");
      assertEquals(0, Etcdctl.run(s.endpoint(), "del", "k", "--prefix").exitCode(), "deletes are allowed");
      // as with etcd, space comes back only once the history is compacted and the store defragmented
      String json = Etcdctl.run(s.endpoint(), "get", "k", "-w", "json").stdout();
      String revision = json.replaceAll("(?s).*\"revision\":(\\d+).*", "$1");
      assertEquals(0, Etcdctl.run(s.endpoint(), "compaction", "--physical", revision).exitCode());
      assertEquals(0, Etcdctl.run(s.endpoint(), "defrag").exitCode());
      assertEquals(0, Etcdctl.run(s.endpoint(), "alarm", "disarm").exitCode());
      assertEquals("", Etcdctl.run(s.endpoint(), "alarm", "list").stdout());
      assertEquals(0, Etcdctl.run(s.endpoint(), "put", "small", "v").exitCode());
    }
  }

  @Test
  void periodicAutoCompactionCompactsOldRevisions() {
    assumeTrue(Etcdctl.installed(), "needs Debian's etcdctl (apt-get install etcd-client)");
    try (ServerProcess s = ServerProcess.startOurs(tmp.resolve("data"),
        "--auto-compaction-mode", "periodic", "--auto-compaction-retention", "2s")) {
      for (int i = 0; i < 5; i++) {
        Etcdctl.run(s.endpoint(), "put", "k", "v" + i);
      }
      long deadline = System.currentTimeMillis() + 20_000;
      Etcdctl.Result r;
      do {
        ServerProcess.sleep(500);
        Etcdctl.run(s.endpoint(), "put", "tick", "t");
        r = Etcdctl.run(s.endpoint(), "get", "k", "--rev", "2");
      } while (r.exitCode() == 0 && System.currentTimeMillis() < deadline);
      assertTrue(r.stderr().contains("required revision has been compacted"), r.stdout() + r.stderr());
      assertTrue(s.output().contains("Finished auto-compaction at revision"), s.output());
    }
  }
}
