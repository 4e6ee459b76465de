package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    try (ServerProcess backing = DiscoveryServiceFixture.startV2Etcd(ServerProcess.ourEtcd(), tmp.resolve("backing"));
         ServerProcess service = startDebianService(backing.url())) {
      String durl = DiscoveryServiceFixture.get("http://127.0.0.1:" + service.clientPort() + "/new?size=3").body();
      assertTrue(durl.startsWith("http://127.0.0.1:" + service.clientPort() + "/"), durl);
      DiscoveryServiceFixture.assertThreeMembersBootstrap(tmp, durl);
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
