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
    putOnce("-Xshare:on -Xlog:class+load=info:file=" + classLog);
    String log = Files.readString(classLog);
    assertTrue(log.contains("dev.etcdj.server.EtcdMember source: shared objects file"), "EtcdMember not from the archive");
    assertTrue(log.contains("dev.etcdj.server.raft.RaftDriver source: shared objects file"), "RaftDriver not from the archive");
    // a class a multi-release jar also ships in a versioned form comes from the jar (CdsClassList)
    assertTrue(log.matches("(?s).*com\\.linecorp\\.armeria\\.internal\\.common\\.CurrentJavaVersionSpecific source: file:.*armeria.*"),
        "Armeria's versioned class should load from its jar");
  }

  /** JDK 17 crashed at the first request when JFR watched class loading and the archive held versioned classes. */
  @Test
  void flightRecorderDoesNotCrashTheDaemon() throws Exception {
    putOnce("-Xshare:on -XX:StartFlightRecording=filename=" + tmp.resolve("etcd.jfr"));
  }

  private void putOnce(String javaOpts) throws Exception {
    int client = ServerProcess.freePort();
    String peer = "http://127.0.0.1:" + ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(), "--data-dir", tmp.resolve("data").toString(),
        "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "default=" + peer));
    try (ServerProcess p = ServerProcess.exec(cmd, client, tmp.resolve("data"), Map.of("ETCDJ_JAVA_OPTS", javaOpts))) {
      p.awaitReady();
      Etcdctl.Result put = Etcdctl.run(p.endpoint(), "put", "k", "v");
      assertEquals(0, put.exitCode(), put.stderr() + "\n" + p.output());
      Etcdctl.Result get = Etcdctl.run(p.endpoint(), "get", "k", "--print-value-only");
      assertEquals("v", get.stdout().trim(), get.stderr() + "\n" + p.output());
    }
  }
}
