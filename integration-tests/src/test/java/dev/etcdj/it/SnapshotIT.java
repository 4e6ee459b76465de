package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups in etcd's snapshot format, with the real etcdctl 3.4 and real etcd on one side and
 * ours on the other: save from our cluster, restore into a new 3-member cluster; restore a
 * real etcd's snapshot with our etcdutl; start real etcd on our snapshot restored by its tool;
 * start real etcd (one member, and a cluster of three) on what our restore wrote.
 */
class SnapshotIT {
  @TempDir
  Path tmp;

  private static Etcdctl.Result ok(Etcdctl.Result r) {
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    return r;
  }

  private static Etcdctl.Result etcdutl(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ServerProcess.ourEtcd().resolveSibling("etcdutl").toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      return new Etcdctl.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void clusterSavedWithRealEtcdctlIsRestoredIntoANewClusterOfThree() {
    assumeTrue(Etcdctl.installed());
    Path file = tmp.resolve("backup.db");
    String revision;
    try (LocalCluster old = new LocalCluster(tmp.resolve("old"), "old-token", 3)) {
      old.startAll();
      String ep = old.specs.get("infra0").endpoint();
      for (int i = 0; i < 10; i++) {
        ok(Etcdctl.run(old.endpoints(), "put", "k" + i, "v" + i));
      }
      ok(Etcdctl.run(ep, "put", "k0", "v0-again"));
      ok(Etcdctl.run(ep, "del", "k9"));
      ok(Etcdctl.run(ep, "compact", "5"));
      ok(Etcdctl.run(ep, "snapshot", "save", file.toString()));
      String status = ok(Etcdctl.run(ep, "-w", "json", "snapshot", "status", file.toString())).stdout();
      assertTrue(status.contains("\"revision\":13"), status);
      revision = "13";
      // ours computes the same figures
      assertEquals(status, ok(etcdutl("snapshot", "status", file.toString(), "-w", "json")).stdout());
    }
    LocalCluster fresh = new LocalCluster(tmp.resolve("new"), "new-token", 3);
    for (LocalCluster.MemberSpec s : fresh.specs.values()) {
      ok(etcdutl("snapshot", "restore", file.toString(), "--name", s.name(),
          "--initial-cluster", fresh.initialCluster(), "--initial-cluster-token", "new-token",
          "--initial-advertise-peer-urls", s.peerUrl(), "--data-dir", tmp.resolve("new").resolve(s.name()).toString()));
    }
    try (LocalCluster restored = fresh) {
      restored.startAll();
      for (LocalCluster.MemberSpec s : restored.specs.values()) {
        String got = ok(Etcdctl.run(s.endpoint(), "get", "k", "--prefix", "--consistency=s")).stdout();
        assertEquals("k0\nv0-again\nk1\nv1\nk2\nv2\nk3\nv3\nk4\nv4\nk5\nv5\nk6\nv6\nk7\nv7\nk8\nv8\n", got,
            s.name());
        assertEquals("v3\n", ok(Etcdctl.run(s.endpoint(), "get", "k3", "--rev=5", "--print-value-only")).stdout());
      }
      String members = ok(Etcdctl.run(restored.endpoints(), "member", "list")).stdout();
      assertEquals(3, members.lines().count(), members);
      String put = ok(Etcdctl.run(restored.endpoints(), "-w", "json", "put", "after", "restore")).stdout();
      assertTrue(put.contains("\"revision\":" + (Long.parseLong(revision) + 1)), put);
    }
  }

  @Test
  void realEtcdSnapshotRestoredByEtcdutlIsServedByOurs() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled());
    Path file = tmp.resolve("real.db");
    try (ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"),
        ServerProcess.freePort(), ServerProcess.freePort())) {
      ok(Etcdctl.run(real.endpoint(), "put", "a", "1"));
      String lease = ok(Etcdctl.run(real.endpoint(), "lease", "grant", "600")).stdout().split(" ")[1];
      ok(Etcdctl.run(real.endpoint(), "put", "b", "2", "--lease=" + lease));
      ok(Etcdctl.run(real.endpoint(), "snapshot", "save", file.toString()));
    }
    Path dir = tmp.resolve("ours");
    ok(etcdutl("snapshot", "restore", file.toString(), "--data-dir", dir.toString()));
    try (ServerProcess ours = ServerProcess.startOurs(dir)) {
      assertEquals("a\n1\nb\n2\n", ok(Etcdctl.run(ours.endpoint(), "get", "", "--prefix")).stdout());
      assertTrue(ok(Etcdctl.run(ours.endpoint(), "lease", "list")).stdout().contains("found 1 leases"));
    }
  }

  @Test
  void realEtcdServesOurSnapshotRestoredByRealEtcdctl() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled());
    Path file = tmp.resolve("ours.db");
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      ok(Etcdctl.run(ours.endpoint(), "put", "x", "1"));
      ok(Etcdctl.run(ours.endpoint(), "put", "x", "2"));
      ok(Etcdctl.run(ours.endpoint(), "snapshot", "save", file.toString()));
    }
    Path dir = tmp.resolve("real");
    String restore = ok(Etcdctl.run("127.0.0.1:1", "snapshot", "restore", file.toString(), "--data-dir",
        dir.toString())).stderr();
    assertTrue(restore.contains("added member"), restore);
    try (ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), dir, ServerProcess.freePort(),
        ServerProcess.freePort())) {
      assertEquals("2\n", ok(Etcdctl.run(real.endpoint(), "get", "x", "--print-value-only")).stdout());
      assertEquals("1\n", ok(Etcdctl.run(real.endpoint(), "get", "x", "--rev=2", "--print-value-only")).stdout());
    }
  }

  @Test
  void realEtcdStartsOnOurRestoreWithASeparateWalDir() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled());
    Path file = tmp.resolve("real.db");
    try (ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("real"),
        ServerProcess.freePort(), ServerProcess.freePort())) {
      ok(Etcdctl.run(real.endpoint(), "put", "a", "1"));
      ok(Etcdctl.run(real.endpoint(), "put", "a", "2"));
      ok(Etcdctl.run(real.endpoint(), "snapshot", "save", file.toString()));
    }
    Path dir = tmp.resolve("restored");
    Path wal = tmp.resolve("restored-wal");
    String log = ok(etcdutl("snapshot", "restore", file.toString(), "--data-dir", dir.toString(),
        "--wal-dir", wal.toString())).stderr();
    // etcd's IDs for the default flags: member 8e9e05c52164694d of cluster cdf818194e3a8c32
    assertTrue(log.contains("added member 8e9e05c52164694d [http://localhost:2380] to cluster cdf818194e3a8c32"), log);
    try (ServerProcess real = ServerProcess.start(ServerProcess.realEtcd(), dir, ServerProcess.freePort(),
        ServerProcess.freePort(), "--wal-dir", wal.toString())) {
      assertEquals("2\n", ok(Etcdctl.run(real.endpoint(), "get", "a", "--print-value-only")).stdout());
      assertEquals("1\n", ok(Etcdctl.run(real.endpoint(), "get", "a", "--rev=2", "--print-value-only")).stdout());
      String status = ok(Etcdctl.run(real.endpoint(), "endpoint", "status", "-w", "fields")).stdout();
      assertTrue(status.contains("\"ClusterID\" : 14841639068965178418"), status);
      assertTrue(status.contains("\"MemberID\" : 10276657743932975437"), status);
      String put = ok(Etcdctl.run(real.endpoint(), "-w", "json", "put", "b", "3")).stdout();
      assertTrue(put.contains("\"revision\":4"), put);
    }
  }

  @Test
  void threeMembersRestoredByOursFormOneRealEtcdCluster() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled());
    Path file = tmp.resolve("ours.db");
    try (ServerProcess ours = ServerProcess.startOurs(tmp.resolve("ours"))) {
      for (int i = 0; i < 5; i++) {
        ok(Etcdctl.run(ours.endpoint(), "put", "k" + i, "v" + i));
      }
      ok(Etcdctl.run(ours.endpoint(), "snapshot", "save", file.toString()));
    }
    LocalCluster fresh = new LocalCluster(tmp.resolve("new"), "new-token", 3);
    fresh.binary = ServerProcess.realEtcd();
    for (LocalCluster.MemberSpec s : fresh.specs.values()) {
      ok(OurTools.etcdctl("127.0.0.1:1", "snapshot", "restore", file.toString(), "--name", s.name(),
          "--initial-cluster", fresh.initialCluster(), "--initial-cluster-token", "new-token",
          "--initial-advertise-peer-urls", s.peerUrl(), "--data-dir", tmp.resolve("new").resolve(s.name()).toString()));
    }
    try (LocalCluster restored = fresh) {
      restored.startAll();
      for (LocalCluster.MemberSpec s : restored.specs.values()) {
        assertEquals("k0\nv0\nk1\nv1\nk2\nv2\nk3\nv3\nk4\nv4\n",
            ok(Etcdctl.run(s.endpoint(), "get", "k", "--prefix", "--consistency=s")).stdout(), s.name());
      }
      String members = ok(Etcdctl.run(restored.endpoints(), "member", "list")).stdout();
      assertEquals(3, members.lines().count(), members);
      for (LocalCluster.MemberSpec s : restored.specs.values()) {
        assertTrue(members.contains(", started, " + s.name() + ", " + s.peerUrl() + ", "), members);
      }
      ok(Etcdctl.run(restored.endpoints(), "put", "after", "restore"));
      for (LocalCluster.MemberSpec s : restored.specs.values()) {
        assertEquals("restore\n", ok(Etcdctl.run(s.endpoint(), "get", "after", "--print-value-only")).stdout());
      }
    }
  }
}
