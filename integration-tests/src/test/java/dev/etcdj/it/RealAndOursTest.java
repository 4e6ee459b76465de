package dev.etcdj.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Differential tests: Debian's real etcd and ours, one fresh single member each, side by side. */
abstract class RealAndOursTest {
  @TempDir
  static Path tmp;
  static ServerProcess ours;
  static ServerProcess real;

  @BeforeAll
  static void startBoth() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(),
        "needs Debian's etcd-server and etcd-client (apt-get install etcd-server etcd-client)");
    ours = ServerProcess.startOurs(tmp.resolve("ours"));
    real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"),
        ServerProcess.freePort(), ServerProcess.freePort());
  }

  @AfterAll
  static void stopBoth() {
    if (ours != null) {
      ours.close();
    }
    if (real != null) {
      real.close();
    }
  }
}
