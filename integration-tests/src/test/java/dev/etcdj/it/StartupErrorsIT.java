package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration ends with one clear line and exit code 1, before the data dir is touched. */
class StartupErrorsIT {
  @TempDir
  Path tmp;

  private ServerProcess run(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(ServerProcess.ourEtcd().toString()));
    cmd.addAll(List.of(args));
    return ServerProcess.exec(cmd, 0, tmp.resolve("data"));
  }

  @Test
  void unknownFlagExitsOneWithoutDataDir() {
    ServerProcess p = run("--data-dir", tmp.resolve("data").toString(), "--no-such-flag");
    assertEquals(1, p.awaitExit(Duration.ofSeconds(60)), p.output());
    assertTrue(p.output().contains("no-such-flag"), p.output());
    assertFalse(Files.exists(tmp.resolve("data")), "data dir must not be created");
  }

  @Test
  void malformedUrlExitsOne() {
    ServerProcess p = run("--data-dir", tmp.resolve("data").toString(), "--listen-client-urls", "not a url");
    assertEquals(1, p.awaitExit(Duration.ofSeconds(60)), p.output());
    assertFalse(Files.exists(tmp.resolve("data")), "data dir must not be created");
  }

  @Test
  void memberMissingFromInitialClusterIsRefused() {
    ServerProcess p = run("--name", "infra1", "--data-dir", tmp.resolve("data").toString(),
        "--initial-cluster", "infra0=http://127.0.0.1:2380");
    assertEquals(1, p.awaitExit(Duration.ofSeconds(60)), p.output());
    assertTrue(p.output().contains("etcd: infra1 not listed in the initial cluster config"), p.output());
    assertFalse(Files.exists(tmp.resolve("data")), "data dir must not be created");
  }

  @Test
  void advertisedUrlMismatchIsRefused() {
    ServerProcess p = run("--name", "infra0", "--data-dir", tmp.resolve("data").toString(),
        "--initial-cluster", "infra0=http://127.0.0.1:2381",
        "--initial-advertise-peer-urls", "http://127.0.0.1:2380");
    assertEquals(1, p.awaitExit(Duration.ofSeconds(60)), p.output());
    assertTrue(p.output().contains("etcd: error setting up initial cluster: infra0 has different advertised URLs"
        + " in the cluster and advertised peer URLs list"), p.output());
  }

  @Test
  void versionFlagPrintsEtcdsFormat() {
    ServerProcess p = run("--version");
    assertEquals(0, p.awaitExit(Duration.ofSeconds(60)), p.output());
    assertTrue(p.output().startsWith("etcd Version: 3.4.23\n"), p.output());
  }

  @Test
  void sigtermShutsDownCleanlyAndRestartKeepsData() throws Exception {
    Path data = tmp.resolve("member-data");
    int client = ServerProcess.freePort();
    int peer = ServerProcess.freePort();
    try (ServerProcess s = ServerProcess.start(ServerProcess.ourEtcd(), data, client, peer)) {
      assertEquals(0, Etcdctl.installed() ? Etcdctl.run(s.endpoint(), "put", "persist", "me").exitCode() : 0);
      int code = s.stop();
      assertTrue(code == 0 || code == 143, "exit code after SIGTERM: " + code + "\n" + s.output());
    }
    try (ServerProcess s = ServerProcess.start(ServerProcess.ourEtcd(), data, client, peer,
        "--initial-cluster", "ignored=http://10.0.0.1:2380")) {
      assertTrue(s.output().contains("restarting member"), s.output());
      if (Etcdctl.installed()) {
        assertEquals("persist\nme\n", Etcdctl.run(s.endpoint(), "get", "persist").stdout());
      }
    }
  }
}
