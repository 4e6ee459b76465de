package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * unix:// peer URLs, as etcd's e2e TestEtcdUnixPeers uses them: the socket path is the URL's
 * host and port ({@code unix://name:1} listens on the file {@code name:1} in the working directory).
 */
class UnixPeersIT {
  @TempDir
  Path tmp;
  private final List<ServerProcess> servers = new ArrayList<>();
  private final List<Path> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    servers.forEach(ServerProcess::close);
    for (Path s : sockets) {
      Files.deleteIfExists(s);
    }
  }

  private String socket(String name) {
    String file = "etcdj-it-" + ProcessHandle.current().pid() + "-" + name + ":1";
    sockets.add(Path.of(file));
    return "unix://" + file;
  }

  @Test
  void oneMemberListensOnAUnixSocket() {
    String peer = socket("single");
    int clientPort = ServerProcess.freePort();
    String client = "http://127.0.0.1:" + clientPort;
    ServerProcess s = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(), "--name", "e1",
        "--data-dir", tmp.resolve("e1").toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "e1=" + peer),
        clientPort, tmp.resolve("e1"));
    servers.add(s);
    s.awaitReady();
    assertTrue(Files.exists(sockets.get(0)), "socket file");
    assertTrue(s.output().contains("listening for peers on " + peer), s.output());
  }

  @Test
  void threeMembersReplicateOverUnixSockets() {
    List<String> peers = List.of(socket("a"), socket("b"), socket("c"));
    String initial = "a=" + peers.get(0) + ",b=" + peers.get(1) + ",c=" + peers.get(2);
    List<ServerProcess> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = String.valueOf((char) ('a' + i));
      int clientPort = ServerProcess.freePort();
      String client = "http://127.0.0.1:" + clientPort;
      ServerProcess s = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(), "--name", name,
          "--data-dir", tmp.resolve(name).toString(), "--listen-client-urls", client,
          "--advertise-client-urls", client, "--listen-peer-urls", peers.get(i),
          "--initial-advertise-peer-urls", peers.get(i), "--initial-cluster", initial), clientPort, tmp.resolve(name));
      servers.add(s);
      started.add(s);
    }
    ServerProcess.awaitAllReady(started);
    assertEquals(0, Etcdctl.run(started.get(0).endpoint(), "put", "k", "over-unix").exitCode());
    Etcdctl.Result got = Etcdctl.run(started.get(2).endpoint(), "get", "k", "--print-value-only");
    assertEquals("over-unix\n", got.stdout(), got.stderr());
    Etcdctl.Result members = Etcdctl.run(started.get(1).endpoint(), "member", "list");
    for (String p : peers) {
      assertTrue(members.stdout().contains(p), members.stdout());
    }
  }
}
