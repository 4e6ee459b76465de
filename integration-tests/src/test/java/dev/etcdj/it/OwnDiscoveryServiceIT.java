package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S14 with Debian's discovery.etcd.io in front: a one-member cluster of ours (with
 * {@code --enable-v2}) stores the tokens, and three of our members bootstrap from a URL the
 * public-style service handed out.
 */
class OwnDiscoveryServiceIT {
  private static final Path DEBIAN_SERVICE = Path.of("/usr/bin/discovery.etcd.io");

  @TempDir
  Path tmp;

  @Test
  void debiansDiscoveryServiceRunsOnOurClusterAndOurMembersBootstrapFromIt() {
    assumeTrue(Files.isExecutable(DEBIAN_SERVICE) && Etcdctl.installed(),
        "needs Debian's etcd-discovery and etcd-client packages");
    List<ServerProcess> members = new ArrayList<>();
    try (ServerProcess backing = DiscoveryServiceFixture.startV2Etcd(ServerProcess.ourEtcd(), tmp.resolve("backing"));
         ServerProcess service = startDebianService(backing.url())) {
      String durl = DiscoveryServiceFixture.get("http://127.0.0.1:" + service.clientPort() + "/new?size=3").body();
      assertTrue(durl.startsWith("http://127.0.0.1:" + service.clientPort() + "/"), durl);
      for (int i = 0; i < 3; i++) {
        members.add(DiscoveryServiceFixture.launchMember(ServerProcess.ourEtcd(), tmp.resolve("m" + i), "m" + i,
            "127.0.0.1" + i, ServerProcess.freePort(), ServerProcess.freePort(), durl));
      }
      members.forEach(ServerProcess::awaitReady);
      String id = DiscoveryServiceFixture.clusterId(members.get(0), "127.0.0.10:" + members.get(0).clientPort());
      for (int i = 0; i < 3; i++) {
        String ep = "127.0.0.1" + i + ":" + members.get(i).clientPort();
        assertEquals(id, DiscoveryServiceFixture.clusterId(members.get(i), ep));
        assertEquals(3, Etcdctl.run(ep, "member", "list").stdout().lines().count());
      }
      String registered = DiscoveryServiceFixture.get(durl).body();
      assertEquals(3, registered.split("\"createdIndex\"").length - 2, registered);
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  private static ServerProcess startDebianService(String etcdUrl) {
    int port = ServerProcess.freePort();
    ServerProcess p = ServerProcess.exec(List.of(DEBIAN_SERVICE.toString(), "--addr", "127.0.0.1:" + port,
        "--etcd", etcdUrl, "--host", "http://127.0.0.1:" + port), port, null);
    for (int i = 0; i < 1200 && !p.output().contains("discovery serving on"); i++) {
      assertTrue(p.isAlive(), p.output());
      ServerProcess.sleep(50);
    }
    return p;
  }
}
