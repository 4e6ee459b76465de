package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd 3.6's v3 discovery ({@code --discovery-endpoints}, {@code --discovery-token}) with a real
 * etcd 3.4 cluster's v3 API as the discovery service.
 */
class DiscoveryV3IT {
  @TempDir
  static Path tmp;
  private static ServerProcess disco;

  @BeforeAll
  static void start() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(),
        "needs Debian's etcd-server and etcd-client (apt-get install etcd-server etcd-client)");
    disco = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("disco"), ServerProcess.freePort(),
        ServerProcess.freePort());
  }

  @AfterAll
  static void stop() {
    if (disco != null) {
      disco.close();
    }
  }

  private static List<String> member(String name, String ip, int client, int peer, String token) {
    String c = "http://" + ip + ":" + client;
    String p = "http://" + ip + ":" + peer;
    return new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(), "--name", name,
        "--data-dir", tmp.resolve(name).toString(), "--initial-advertise-peer-urls", p, "--listen-peer-urls", p,
        "--listen-client-urls", c, "--advertise-client-urls", c,
        "--discovery-endpoints", disco.endpoint(), "--discovery-token", token));
  }

  @Test
  void threeMembersFormOneClusterAndAFourthFindsItFull() {
    assertEquals(0, Etcdctl.run(disco.endpoint(), "put", "/_etcd/registry/tok3/_config/size", "3").exitCode());
    List<ServerProcess> members = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        int client = ServerProcess.freePort();
        members.add(ServerProcess.exec(member("v3m" + i, "127.0.0.1" + i, client, ServerProcess.freePort(), "tok3"),
            client, tmp.resolve("v3m" + i)));
      }
      ServerProcess.awaitAllReady(members);
      String id = DiscoveryServiceFixture.clusterId(members.get(0), "127.0.0.10:" + members.get(0).clientPort());
      for (int i = 0; i < 3; i++) {
        String ep = "127.0.0.1" + i + ":" + members.get(i).clientPort();
        assertEquals(id, DiscoveryServiceFixture.clusterId(members.get(i), ep));
        assertEquals(3, Etcdctl.run(ep, "member", "list").stdout().lines().count());
      }
      String registered = Etcdctl.run(disco.endpoint(), "get", "--prefix", "/_etcd/registry/tok3/members/").stdout();
      assertEquals(6, registered.lines().count(), registered);

      int client = ServerProcess.freePort();
      ServerProcess fourth = ServerProcess.exec(member("v3m3", "127.0.0.13", client, ServerProcess.freePort(), "tok3"),
          client, tmp.resolve("v3m3"));
      members.add(fourth);
      assertEquals(1, fourth.awaitExit(Duration.ofSeconds(90)), fourth.output());
      assertTrue(fourth.output().contains("discovery: cluster is full"), fourth.output());
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  @Test
  void missingSizeKeyEndsTheStart() {
    int client = ServerProcess.freePort();
    ServerProcess p = ServerProcess.exec(member("nosize", "127.0.0.10", client, ServerProcess.freePort(), "absent"),
        client, tmp.resolve("nosize"));
    try {
      assertEquals(1, p.awaitExit(Duration.ofSeconds(90)), p.output());
      assertTrue(p.output().contains("discovery: size key not found"), p.output());
    } finally {
      p.close();
    }
  }
}
