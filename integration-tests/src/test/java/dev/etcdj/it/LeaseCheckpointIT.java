package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --experimental-enable-lease-checkpoint}: the leader records leases' remaining TTLs
 * through Raft, so a new leader after a kill -9 continues from the checkpointed TTL instead of
 * granting the full TTL again. The checkpoint interval (etcd's fixed 5 minutes) is shortened
 * to 2 s through the test-only system property.
 */
class LeaseCheckpointIT {
  private static final Pattern REMAINING = Pattern.compile("remaining\\((\\d+)s\\)");

  @TempDir
  Path tmp;

  @Test
  void newLeaderContinuesFromTheCheckpointedTtl() throws Exception {
    LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-checkpoint", 3);
    cluster.env.put("ETCDJ_JAVA_OPTS", "-Detcdj.leaseCheckpointIntervalMs=2000");
    try (cluster) {
      cluster.startAll("--experimental-enable-lease-checkpoint");
      List<LocalCluster.MemberSpec> specs = List.copyOf(cluster.specs.values());
      String leader;
      try (Client client = Client.builder().endpoints(specs.stream().map(LocalCluster.MemberSpec::clientUrl)
          .toArray(String[]::new)).build()) {
        leader = LeaseClusterIT.leaderName(client, specs);
        long id = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
        Thread.sleep(12_000); // several checkpoints applied meanwhile
        long beforeKill = client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT).get(10, TimeUnit.SECONDS).getTTL();
        assertTrue(beforeKill <= 48, "remaining on the old leader " + beforeKill);

        cluster.running.get(leader).kill9();
        String newLeader = LeaseClusterIT.leaderName(client, specs);
        assertNotEquals(leader, newLeader);
        LocalCluster.MemberSpec survivor = cluster.specs.get(newLeader);
        String ttl = Etcdctl.run(survivor.endpoint(), "lease", "timetolive", Long.toHexString(id)).stdout();
        Matcher m = REMAINING.matcher(ttl);
        assertTrue(m.find(), ttl);
        long remaining = Long.parseLong(m.group(1));
        assertTrue(remaining > 0 && remaining <= 54,
            "the new leader restarted the lease from " + remaining + " s, not the checkpoint: " + ttl);
        assertTrue(ttl.contains("granted with TTL(60s)"), ttl);
      }
    }
  }

  @Test
  void withoutCheckpointsTheNewLeaderGrantsTheFullTtl() throws Exception {
    LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-no-checkpoint", 3);
    cluster.env.put("ETCDJ_JAVA_OPTS", "-Detcdj.leaseCheckpointIntervalMs=2000");
    try (cluster) {
      cluster.startAll();
      List<LocalCluster.MemberSpec> specs = List.copyOf(cluster.specs.values());
      try (Client client = Client.builder().endpoints(specs.stream().map(LocalCluster.MemberSpec::clientUrl)
          .toArray(String[]::new)).build()) {
        String leader = LeaseClusterIT.leaderName(client, specs);
        long id = client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
        Thread.sleep(12_000);
        cluster.running.get(leader).kill9();
        String newLeader = LeaseClusterIT.leaderName(client, specs);
        String ttl = Etcdctl.run(cluster.specs.get(newLeader).endpoint(), "lease", "timetolive",
            Long.toHexString(id)).stdout();
        Matcher m = REMAINING.matcher(ttl);
        assertTrue(m.find(), ttl);
        assertTrue(Long.parseLong(m.group(1)) >= 57, "etcd's behaviour without checkpoints: a full TTL again: " + ttl);
        assertEquals(-1, ttl.indexOf("expired"), ttl);
      }
    }
  }
}
