package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code etcd gateway start} (S29) in front of three members: real etcdctl and jetcd through it, and a member killed. */
class GatewayIT {
  @TempDir
  Path tmp;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static ServerProcess startGateway(Path dir, String endpoints, int port) {
    ServerProcess gw = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(), "gateway", "start",
        "--endpoints=" + endpoints, "--listen-addr=127.0.0.1:" + port, "--retry-delay=1s"), port, dir);
    await(() -> gw.output().contains("ready to proxy client requests"), gw, "gateway not ready");
    return gw;
  }

  static void await(BooleanSupplier condition, ServerProcess p, String what) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ":\n" + p.output());
      }
      ServerProcess.sleep(50);
    }
  }

  @Test
  void clientsWorkThroughTheGatewayAndOutliveAMember() throws Exception {
    assumeTrue(Etcdctl.installed(), "Debian's etcdctl is needed");
    try (LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-gw", 3)) {
      for (LocalCluster.MemberSpec s : cluster.specs.values()) {
        cluster.running.put(s.name(), cluster.launch(s, "new", cluster.initialCluster()));
      }
      Readiness.awaitAll(List.copyOf(cluster.running.values()));
      int port = ServerProcess.freePort();
      String gatewayEndpoint = "127.0.0.1:" + port;
      try (ServerProcess gateway = startGateway(tmp, cluster.endpoints(), port)) {
        assertTrue(gateway.output().contains("ready to proxy client requests to ["
            + cluster.endpoints().replace(',', ' ') + "]"), gateway.output());

        Path watchOut = tmp.resolve("watch.out");
        Process watch = Etcdctl.spawn(gatewayEndpoint, watchOut, "watch", "gw", "--prefix", "--rev=1");
        List<WatchEvent> jetcdEvents = new CopyOnWriteArrayList<>();
        try (Client client = Client.builder().endpoints("http://" + gatewayEndpoint).build();
             Watch.Watcher watcher = client.getWatchClient().watch(bs("gw"),
                 io.etcd.jetcd.options.WatchOption.builder().isPrefix(true).withRevision(1).build(),
                 r -> jetcdEvents.addAll(r.getEvents()))) {
          // both watches start at revision 1, so they see every put whenever they are set up
          assertEquals("OK\n", Etcdctl.run(gatewayEndpoint, "put", "gw/etcdctl", "1").stdout());
          client.getKVClient().put(bs("gw/jetcd"), bs("2")).get(10, TimeUnit.SECONDS);
          assertEquals("gw/etcdctl\n1\ngw/jetcd\n2\n",
              Etcdctl.run(gatewayEndpoint, "get", "gw", "--prefix").stdout());
          assertEquals("1", client.getKVClient().get(bs("gw/etcdctl")).get(10, TimeUnit.SECONDS)
              .getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
          await(() -> jetcdEvents.size() == 2, gateway, "jetcd watch through the gateway: " + jetcdEvents);
          await(() -> read(watchOut).contains("PUT\ngw/jetcd\n2\n"), gateway, "etcdctl watch: " + read(watchOut));
          assertTrue(read(watchOut).startsWith("PUT\ngw/etcdctl\n1\n"), read(watchOut));

          LocalCluster.MemberSpec victim = cluster.specs.get("infra0");
          cluster.running.get("infra0").kill9();
          // every new connection is one pick: the dead member is skipped and then left out; if the
          // victim led the cluster, a put may time out once while the others elect a new leader
          for (int i = 0; i < 6; i++) {
            Etcdctl.Result put = Etcdctl.run(gatewayEndpoint, "put", "gw/after", Integer.toString(i));
            for (int retry = 0; retry < 2 && !put.stdout().equals("OK\n"); retry++) {
              put = Etcdctl.run(gatewayEndpoint, "put", "gw/after", Integer.toString(i));
            }
            assertEquals("OK\n", put.stdout(), put.stderr());
          }
          assertEquals("gw/after\n5\n", Etcdctl.run(gatewayEndpoint, "get", "gw/after").stdout());
          assertTrue(gateway.output().contains("deactivated endpoint [" + victim.endpoint()
              + "] due to dial tcp " + victim.endpoint() + ": connect: connection refused for 1s"), gateway.output());
          client.getKVClient().put(bs("gw/jetcd-after"), bs("3")).get(30, TimeUnit.SECONDS);
          assertEquals(1, client.getKVClient().get(bs("gw/jetcd-after")).get(30, TimeUnit.SECONDS).getCount());

          ServerProcess back = cluster.launch(victim, "new", cluster.initialCluster());
          cluster.running.put("infra0", back);
          Readiness.awaitAll(List.of(back));
          await(() -> gateway.output().contains("activated " + victim.endpoint()), gateway, "endpoint reactivated");
        } finally {
          watch.destroyForcibly();
        }
      }
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
