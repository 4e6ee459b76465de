package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged etcd daemon loads its classes from the class-data-sharing archive built at package
 * time: with -Xshare:on the JVM refuses to start unless the archive matches this JVM and these jars.
 */
class ServerCdsArchiveIT {
  @TempDir
  Path tmp;

  @Test
  void serverClassesComeFromThePackagedArchive() throws Exception {
    Path classLog = tmp.resolve("class-load.log");
    int client = ServerProcess.freePort();
    String peer = "http://127.0.0.1:" + ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(), "--data-dir", tmp.resolve("data").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "default=" + peer));
    try (ServerProcess p = ServerProcess.exec(cmd, client, tmp.resolve("data"),
        Map.of("ETCDJ_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + classLog))) {
      p.awaitReady();
      Etcdctl.Result put = Etcdctl.run(p.endpoint(), "put", "k", "v");
      assertEquals(0, put.exitCode(), put.stderr());
    }
    String log = Files.readString(classLog);
    assertTrue(log.contains("dev.etcdj.server.EtcdMember source: shared objects file (top)"), "EtcdMember not from the archive");
    assertTrue(log.contains("dev.etcdj.server.raft.RaftDriver source: shared objects file (top)"), "RaftDriver not from the archive");
  }
}
