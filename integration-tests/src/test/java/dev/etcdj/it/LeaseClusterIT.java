package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases across a leader change in the guide's three-member cluster: keepalives sent to a
 * follower reach the leader, a new leader promotes its lessor with an extension so a kept-alive
 * lease survives the old leader's kill -9, and the keys vanish once keepalives stop.
 */
class LeaseClusterIT {
  static final long TTL = 3;

  @TempDir
  Path tmp;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String leaderName(Client client, List<LocalCluster.MemberSpec> specs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (LocalCluster.MemberSpec s : specs) {
        try {
          var status = client.getMaintenanceClient().statusMember(s.clientUrl()).get(2, TimeUnit.SECONDS);
          if (status.getLeader() != 0 && status.getLeader() == status.getHeader().getMemberId()) {
            return s.name();
          }
        } catch (Exception e) {
          // a dead member; ask the others
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no leader");
  }

  /** The number of keys under the prefix, read (serializably) on the follower; -1 if it failed. */
  static long count(Client follower, String prefix) {
    try {
      return follower.getKVClient().get(bs(prefix), GetOption.builder().isPrefix(true).withSerializable(true).build())
          .get(2, TimeUnit.SECONDS).getCount();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void keptAliveLeaseSurvivesLeaderKillAndExpiresAfterKeepalivesStop() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-lease", 3).startAll()) {
      List<LocalCluster.MemberSpec> specs = List.copyOf(cluster.specs.values());
      String all = specs.stream().map(LocalCluster.MemberSpec::clientUrl).reduce((a, b) -> a + "," + b).orElseThrow();
      try (Client any = Client.builder().endpoints(all.split(",")).build()) {
        String leader = leaderName(any, specs);
        LocalCluster.MemberSpec follower = specs.stream().filter(s -> !s.name().equals(leader)).findFirst().orElseThrow();
        LocalCluster.MemberSpec granter = specs.stream().filter(s -> s != follower).findFirst().orElseThrow();

        long id;
        try (Client onGranter = Client.builder().endpoints(granter.clientUrl()).build()) {
          id = onGranter.getLeaseClient().grant(TTL).get(10, TimeUnit.SECONDS).getID();
        }
        try (Client onFollower = Client.builder().endpoints(follower.clientUrl()).build()) {
          for (int i = 0; i < 3; i++) {
            onFollower.getKVClient().put(bs("lc/" + i), bs("v"), PutOption.builder().withLeaseId(id).build())
                .get(10, TimeUnit.SECONDS);
          }
          LeaseJetcdIT.Counting responses = new LeaseJetcdIT.Counting();
          CloseableClient keepAlive = onFollower.getLeaseClient().keepAlive(id, responses);
          var ttl = onFollower.getLeaseClient().timeToLive(id, LeaseOption.builder().withAttachedKeys().build())
              .get(10, TimeUnit.SECONDS);
          assertEquals(TTL, ttl.getGrantedTTL(), "TimeToLive forwarded by the follower");
          assertEquals(3, ttl.getKeys().size());
          assertTrue(ttl.getTTL() > 0 && ttl.getTTL() <= TTL, "remaining " + ttl.getTTL());

          Thread.sleep(2 * TTL * 1000);
          assertEquals(3, count(onFollower, "lc/"));
          assertTrue(responses.responses.get() > 0, "keepalives answered through the follower");

          cluster.running.get(leader).kill9();
          int atKill = responses.responses.get();
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4 * TTL);
          while (System.nanoTime() < until) {
            long n = count(onFollower, "lc/");
            assertNotEquals(0, n, "the kept-alive lease expired across the leader change");
            Thread.sleep(250);
          }
          assertNotEquals(leader, leaderName(any, specs), "a new leader was elected");
          assertTrue(responses.responses.get() > atKill, "keepalives continued after the leader change");
          assertEquals(3, count(onFollower, "lc/"));

          keepAlive.close();
          long stopped = System.nanoTime();
          while (count(onFollower, "lc/") != 0) {
            if (System.nanoTime() - stopped > TimeUnit.SECONDS.toNanos(TTL + 3)) {
              fail("keys still present " + (TTL + 3) + " s after the keepalives stopped");
            }
            Thread.sleep(100);
          }
          assertEquals(-1, onFollower.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT).get(10, TimeUnit.SECONDS)
              .getTTL());
        }
      }
    }
  }
}
