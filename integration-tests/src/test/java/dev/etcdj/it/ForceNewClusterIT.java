package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's disaster recovery with {@code --force-new-cluster}: two of three members are lost, the
 * survivor restarts as a cluster of one with its data, and the cluster grows again with
 * {@code member add}.
 */
class ForceNewClusterIT {
  @TempDir
  Path tmp;

  @Test
  void survivorRestartsAloneWithItsDataAndTakesANewMember() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-force", 3).startAll()) {
      var specs = List.copyOf(cluster.specs.values());
      LocalCluster.MemberSpec survivor = specs.get(0);
      for (int i = 0; i < 10; i++) {
        assertEquals(0, Etcdctl.run(survivor.endpoint(), "put", "k" + i, "v" + i).exitCode());
      }
      cluster.running.get("infra1").kill9();
      cluster.running.get("infra2").kill9();
      cluster.running.get("infra0").kill9();

      ServerProcess alone = cluster.launch(survivor, "new", cluster.initialCluster(), "--force-new-cluster");
      cluster.running.put("infra0", alone);
      alone.awaitReady();
      assertTrue(alone.output().contains("forcing restart of member"), alone.output());

      Etcdctl.Result status = Etcdctl.run(survivor.endpoint(), "endpoint", "status", "-w", "fields");
      assertEquals(0, status.exitCode(), status.stderr());
      String memberId = field(status.stdout(), "MemberID");
      assertEquals(memberId, field(status.stdout(), "Leader"), "the survivor leads:\n" + status.stdout());

      Etcdctl.Result list = Etcdctl.run(survivor.endpoint(), "member", "list");
      assertEquals(1, list.stdout().strip().lines().count(), list.stdout());
      assertTrue(list.stdout().contains("infra0"), list.stdout());
      assertEquals("k7\nv7\n", Etcdctl.run(survivor.endpoint(), "get", "k7").stdout());
      assertEquals(0, Etcdctl.run(survivor.endpoint(), "put", "after", "force").exitCode());

      LocalCluster.MemberSpec newcomer = LocalCluster.spec("infra3", "127.0.0.13");
      Etcdctl.Result added = Etcdctl.run(survivor.endpoint(), "member", "add", "infra3",
          "--peer-urls=" + newcomer.peerUrl());
      assertEquals(0, added.exitCode(), added.stderr());
      assertTrue(added.stdout().contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\""), added.stdout());
      ServerProcess joined = cluster.launch(newcomer, "existing",
          survivor.name() + "=" + survivor.peerUrl() + "," + newcomer.name() + "=" + newcomer.peerUrl());
      cluster.specs.put("infra3", newcomer);
      cluster.running.put("infra3", joined);
      joined.awaitReady();

      Etcdctl.Result local = Etcdctl.run(newcomer.endpoint(), "get", "--consistency=s", "--prefix", "--keys-only", "");
      assertEquals(0, local.exitCode(), local.stderr());
      List<String> keys = local.stdout().lines().filter(l -> !l.isEmpty()).toList();
      assertTrue(keys.containsAll(List.of("k0", "k9", "after")) && keys.size() == 11, local.stdout());
      assertEquals(2, Etcdctl.run(newcomer.endpoint(), "member", "list").stdout().strip().lines().count());
      assertEquals(0, Etcdctl.run(newcomer.endpoint(), "put", "two", "members").exitCode());
      assertEquals("two\nmembers\n", Etcdctl.run(survivor.endpoint(), "get", "two").stdout());
    }
  }

  private static String field(String fields, String name) {
    return fields.lines().filter(l -> l.startsWith("\"" + name + "\""))
        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow(() -> new AssertionError(fields));
  }
}
