package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.maintenance.StatusResponse;
import io.etcd.jetcd.options.GetOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's static three-member cluster on 127.0.0.10-12, as real processes. */
class ClusterIT {
  @TempDir
  Path tmp;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String str(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  static long leaderOf(Client client, String endpoint) throws Exception {
    StatusResponse s = client.getMaintenanceClient().statusMember("http://" + endpoint).get(5, TimeUnit.SECONDS);
    return s.getLeader();
  }

  @Test
  void writeThroughOneMemberReadFromAll() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-1", 3).startAll()) {
      var specs = List.copyOf(cluster.specs.values());
      try (Client c0 = Client.builder().endpoints(specs.get(0).clientUrl()).build()) {
        for (int i = 0; i < 20; i++) {
          c0.getKVClient().put(bs("k" + i), bs("v" + i)).get(10, TimeUnit.SECONDS);
        }
      }
      for (LocalCluster.MemberSpec s : specs) {
        try (Client c = Client.builder().endpoints(s.clientUrl()).build()) {
          var r = c.getKVClient().get(bs("k"), GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
          assertEquals(20, r.getCount(), "linearizable read on " + s.name());
          assertEquals("v7", str(c.getKVClient().get(bs("k7")).get().getKvs().get(0).getValue()));
          List<Member> members = c.getClusterClient().listMember().get(5, TimeUnit.SECONDS).getMembers();
          assertEquals(3, members.size());
          assertTrue(members.stream().allMatch(m -> !m.getName().isEmpty() && !m.getClientURIs().isEmpty()),
              "every member published its name and client URLs: " + members);
        }
      }
    }
  }

  @Test
  void killingTheLeaderLosesNoAcknowledgedWrite() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-kill", 3).startAll()) {
      var specs = List.copyOf(cluster.specs.values());
      String all = specs.stream().map(LocalCluster.MemberSpec::clientUrl).reduce((a, b) -> a + "," + b).orElseThrow();
      Map<String, Integer> acked = new ConcurrentHashMap<>();
      try (Client client = Client.builder().endpoints(all.split(",")).build()) {
        KV kv = client.getKVClient();
        long leader = leaderOf(client, specs.get(0).endpoint());
        assertNotEquals(0, leader);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
          int writer = w;
          writers.submit(() -> {
            for (int i = 0; running.get(); i++) {
              String key = "w" + writer + "/k" + (i % 20);
              try {
                kv.put(bs(key), bs(Integer.toString(i))).get(10, TimeUnit.SECONDS);
                acked.merge(key, i, Math::max);
              } catch (Exception e) {
                // during the election writes may fail; only acknowledged ones count
              }
            }
          });
        }
        Thread.sleep(1500);
        String leaderName = null;
        for (LocalCluster.MemberSpec s : specs) {
          var status = client.getMaintenanceClient().statusMember(s.clientUrl()).get(5, TimeUnit.SECONDS);
          if (status.getHeader().getMemberId() == leader) {
            leaderName = s.name();
          }
        }
        cluster.running.get(leaderName).kill9();
        Thread.sleep(3000);
        running.set(false);
        writers.shutdown();
        assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));

        String survivor = specs.stream().filter(s -> !s.name().equals(cluster.running.keySet().stream()
            .filter(n -> !cluster.running.get(n).isAlive()).findFirst().orElseThrow())).findFirst().orElseThrow().endpoint();
        long newLeader = leaderOf(client, survivor);
        assertNotEquals(0, newLeader, "a new leader was elected");
        assertNotEquals(leader, newLeader);
        assertTrue(acked.size() > 20, "writes were acknowledged: " + acked.size());

        ServerProcess back = cluster.restart(leaderName);
        LocalCluster.MemberSpec restarted = cluster.specs.get(leaderName);
        try (Client one = Client.builder().endpoints(restarted.clientUrl()).build()) {
          for (Map.Entry<String, Integer> e : acked.entrySet()) {
            var kvs = one.getKVClient().get(bs(e.getKey())).get(10, TimeUnit.SECONDS).getKvs();
            assertEquals(1, kvs.size(), "acknowledged " + e.getKey() + " missing on the restarted member");
            assertTrue(Integer.parseInt(str(kvs.get(0).getValue())) >= e.getValue(), e.getKey());
          }
        }
        assertTrue(back.isAlive());
      }
    }
  }

  @Test
  void learnerJoinsIsPromotedAndAnotherMemberIsRemoved() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-reconf", 3).startAll()) {
      var specs = List.copyOf(cluster.specs.values());
      try (Client client = Client.builder().endpoints(specs.get(0).clientUrl()).build()) {
        client.getKVClient().put(bs("before"), bs("join")).get(10, TimeUnit.SECONDS);
        LocalCluster.MemberSpec fourth = LocalCluster.spec("infra3", "127.0.0.13");
        var added = client.getClusterClient().addMember(List.of(URI.create(fourth.peerUrl())), true)
            .get(10, TimeUnit.SECONDS);
        assertTrue(added.getMember().isLearner());
        cluster.specs.put("infra3", fourth);
        ServerProcess learner = cluster.launch(fourth, "existing", cluster.initialCluster());
        cluster.running.put("infra3", learner);
        learner.awaitReady();

        long learnerId = added.getMember().getId();
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
          Etcdctl.Result promoted = Etcdctl.run(specs.get(0).endpoint(), "member", "promote", Long.toHexString(learnerId));
          if (promoted.exitCode() == 0) {
            assertTrue(promoted.stdout().contains("promoted in cluster"), promoted.stdout());
            break;
          }
          assertTrue(System.currentTimeMillis() < deadline, "promote kept failing: " + promoted.stderr());
          Thread.sleep(500);
        }
        List<Member> members = client.getClusterClient().listMember().get().getMembers();
        assertEquals(4, members.size());
        assertTrue(members.stream().noneMatch(Member::isLearner), "promoted: " + members);

        try (Client onLearner = Client.builder().endpoints(fourth.clientUrl()).build()) {
          assertEquals("join", str(onLearner.getKVClient().get(bs("before")).get(10, TimeUnit.SECONDS)
              .getKvs().get(0).getValue()));
        }

        Member victim = members.stream().filter(m -> m.getName().equals("infra2")).findFirst().orElseThrow();
        client.getClusterClient().removeMember(victim.getId()).get(10, TimeUnit.SECONDS);
        assertEquals(3, client.getClusterClient().listMember().get().getMembers().size());
        ServerProcess removed = cluster.running.get("infra2");
        int code = removed.awaitExit(java.time.Duration.ofSeconds(30));
        assertEquals(0, code, "a removed member stops itself:\n" + removed.output());
        client.getKVClient().put(bs("after"), bs("remove")).get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void memberOfAnotherClusterIsRefusedAndExits() throws Exception {
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-1", 3).startAll()) {
      LocalCluster.MemberSpec infra0 = cluster.specs.get("infra0");
      LocalCluster.MemberSpec stranger = LocalCluster.spec("stranger", "127.0.0.20");
      // a new two-member cluster with another token whose other member is infra0's address
      ServerProcess p = cluster.launch(stranger, "new",
          "infra0=" + infra0.peerUrl() + ",stranger=" + stranger.peerUrl(), "--initial-cluster-token", "other-token");
      cluster.running.put("stranger", p);
      int code = p.awaitExit(java.time.Duration.ofSeconds(60));
      assertEquals(1, code, p.output());
      assertTrue(p.output().matches("(?s).*etcd: conflicting cluster ID to the target cluster \\([0-9a-f]+ != [0-9a-f]+\\)\\. Exiting\\..*"),
          p.output());
      assertTrue(cluster.running.get("infra0").isAlive(), "the healthy member keeps running");
      assertEquals(0, Etcdctl.run(infra0.endpoint(), "put", "still", "fine").exitCode());
    }
  }
}
