package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --experimental-initial-corrupt-check}: a restarting member compares its key-value hash
 * with its peers' and refuses to start when its store diverged.
 */
class CorruptCheckIT {
  private static final String FLAG = "--experimental-initial-corrupt-check";

  @TempDir
  Path tmp;

  @Test
  void healthyMemberPassesAndCorruptedMemberRefusesToStart() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-corrupt", 3).startAll()) {
      String ep = cluster.specs.get("infra0").endpoint();
      for (int i = 0; i < 5; i++) {
        assertEquals(0, Etcdctl.run(ep, "put", "k" + i, "v" + i).exitCode());
      }

      cluster.running.get("infra1").stop();
      ServerProcess healthy = cluster.launch(cluster.specs.get("infra1"), "new", cluster.initialCluster(), FLAG);
      cluster.running.put("infra1", healthy);
      healthy.awaitReady();
      assertTrue(healthy.output().contains("succeeded on initial corruption checking: no corruption"),
          healthy.output());

      String infra2Id = Etcdctl.run(cluster.specs.get("infra2").endpoint(), "endpoint", "status", "-w", "fields")
          .stdout().lines().filter(l -> l.startsWith("\"MemberID\""))
          .map(l -> Long.toHexString(Long.parseUnsignedLong(l.substring(l.indexOf(':') + 1).strip())))
          .findFirst().orElseThrow();
      cluster.running.get("infra2").stop();
      try (MvccStore store = MvccStore.open(tmp.resolve("infra2").resolve("member").resolve("db"));
           WriteTxn txn = store.beginWrite(store.consistentIndex())) {
        txn.put(bytes("x"), bytes("corrupt"), 0);
        txn.end();
      }
      assertEquals(0, Etcdctl.run(ep, "put", "x", "good").exitCode());

      ServerProcess corrupted = cluster.launch(cluster.specs.get("infra2"), "new", cluster.initialCluster(), FLAG);
      cluster.running.put("infra2", corrupted);
      assertEquals(1, corrupted.awaitExit(Duration.ofSeconds(60)), corrupted.output());
      assertTrue(corrupted.output().contains("etcdmain: " + infra2Id + " found data inconsistency with peers"),
          corrupted.output());
      assertTrue(!corrupted.output().contains("ready to serve client requests"), corrupted.output());
      assertEquals("x\ngood\n", Etcdctl.run(ep, "get", "x").stdout());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
