package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etcd grpc-proxy start} in front of three of our members on 127.0.0.10-12: Debian's
 * etcdctl and jetcd work through it, a thousand watchers of one key cost the cluster one watch
 * and all get the event, {@code --namespace} isolates, and traffic goes on when a member is
 * killed with -9 (last, as it changes the cluster).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcProxyIT {
  /** The shared 2-core machine can be slow to start JVMs. */
  private static final long START_SECONDS = 240;

  @TempDir
  static Path tmp;

  static LocalCluster cluster;
  static ServerProcess proxy;
  static ServerProcess nsProxy;
  static String proxyEndpoint;
  static String nsProxyEndpoint;
  static String metricsUrl;

  @BeforeAll
  static void startClusterAndProxies() throws Exception {
    cluster = new LocalCluster(tmp, "proxy-it", 3);
    for (LocalCluster.MemberSpec s : cluster.specs.values()) {
      cluster.running.put(s.name(), cluster.launch(s, "new", cluster.initialCluster()));
    }
    for (ServerProcess p : cluster.running.values()) {
      awaitOutput(p, "published");
    }
    String endpoints = String.join(",", cluster.specs.values().stream().map(LocalCluster.MemberSpec::endpoint).toList());
    int port = ServerProcess.freePort("127.0.0.1");
    int metricsPort = ServerProcess.freePort("127.0.0.1");
    proxyEndpoint = "127.0.0.1:" + port;
    metricsUrl = "http://127.0.0.1:" + metricsPort;
    proxy = startProxy(tmp, "--endpoints=" + endpoints, "--listen-addr=" + proxyEndpoint, "--metrics-addr=" + metricsUrl,
        "--resolver-prefix=proxies", "--resolver-ttl=3", "--advertise-client-url=" + proxyEndpoint);
    nsProxyEndpoint = "127.0.0.1:" + ServerProcess.freePort("127.0.0.1");
    nsProxy = startProxy(tmp, "--endpoints=" + endpoints, "--listen-addr=" + nsProxyEndpoint, "--namespace=ns1/");
  }

  /** Starts our grpc-proxy and waits for etcd's "started gRPC proxy" line. */
  static ServerProcess startProxy(Path dir, String... flags) throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(), "grpc-proxy", "start"));
    cmd.addAll(List.of(flags));
    return awaitOutput(ServerProcess.exec(cmd, 0, dir), "started gRPC proxy");
  }

  /** Waits for a log line, longer than ServerProcess does: JVMs start slowly on a busy machine. */
  static ServerProcess awaitOutput(ServerProcess p, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (!p.output().contains(line)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no \"" + line + "\" from the process:\n" + p.output());
      }
      Thread.sleep(50);
    }
    return p;
  }

  @AfterAll
  static void stop() {
    if (nsProxy != null) {
      nsProxy.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static Client jetcd(String endpoint) {
    return Client.builder().endpoints("http://" + endpoint).build();
  }

  static String metrics() throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  static long metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)").matcher(text);
    assertTrue(m.find(), name + " missing from /metrics");
    return Long.parseLong(m.group(1));
  }

  @Test
  @Order(1)
  void etcdctlPutGetWatchLeaseThroughProxy() throws Exception {
    assertEquals(0, Etcdctl.run(proxyEndpoint, "put", "ctl-k", "v1").exitCode());
    Etcdctl.Result get = Etcdctl.run(proxyEndpoint, "get", "ctl-k");
    assertEquals("ctl-k\nv1\n", get.stdout());
    // the write is in the cluster, not only in the proxy
    assertEquals("ctl-k\nv1\n", Etcdctl.run(cluster.specs.get("infra2").endpoint(), "get", "ctl-k").stdout());
    // a serializable read is served from the cache after the first one, and a write through the proxy invalidates it
    Etcdctl.run(proxyEndpoint, "get", "ctl-k", "--consistency=s");
    long hits = metric(metrics(), "etcd_grpc_proxy_cache_hits_total");
    assertEquals("ctl-k\nv1\n", Etcdctl.run(proxyEndpoint, "get", "ctl-k", "--consistency=s").stdout());
    assertEquals(hits + 1, metric(metrics(), "etcd_grpc_proxy_cache_hits_total"));
    Etcdctl.run(proxyEndpoint, "put", "ctl-k", "v2");
    assertEquals("ctl-k\nv2\n", Etcdctl.run(proxyEndpoint, "get", "ctl-k", "--consistency=s").stdout());

    Path out = tmp.resolve("watch.out");
    Process watch = Etcdctl.spawn(proxyEndpoint, out, "watch", "ctl-w", "--prev-kv");
    try {
      awaitFile(out, "");
      Thread.sleep(3000); // the watch is created once etcdctl has connected
      Etcdctl.run(proxyEndpoint, "put", "ctl-w", "a");
      Etcdctl.run(proxyEndpoint, "put", "ctl-w", "b");
      awaitFile(out, "PUT\nctl-w\na\nctl-w\nb\n");
    } finally {
      watch.destroy();
    }

    String grant = Etcdctl.run(proxyEndpoint, "lease", "grant", "30").stdout();
    String id = grant.split(" ")[1];
    assertEquals(0, Etcdctl.run(proxyEndpoint, "put", "--lease=" + id, "ctl-l", "v").exitCode());
    assertTrue(Etcdctl.run(proxyEndpoint, "lease", "keep-alive", "--once", id).stdout()
        .contains("lease " + id + " keepalived with TTL(30)"));
    assertTrue(Etcdctl.run(proxyEndpoint, "lease", "timetolive", id, "--keys").stdout().contains("attached keys([ctl-l])"));
    assertEquals(0, Etcdctl.run(proxyEndpoint, "lease", "revoke", id).exitCode());
    assertEquals("", Etcdctl.run(proxyEndpoint, "get", "ctl-l").stdout());
  }

  @Test
  @Order(2)
  void registersItselfUnderTheResolverPrefix() throws Exception {
    String member = cluster.specs.get("infra1").endpoint();
    String key = "proxies/" + proxyEndpoint;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String value = "";
    while (System.nanoTime() < deadline && value.isEmpty()) {
      value = Etcdctl.run(member, "get", key, "--print-value-only").stdout().strip();
      Thread.sleep(200);
    }
    assertTrue(value.matches("\\{\"Op\":0,\"Addr\":\"" + Pattern.quote(proxyEndpoint) + "\",\"Metadata\":\"\\{\\\\\"name\\\\\":.*"),
        value);
    // kept alive past its 3-second TTL
    Thread.sleep(5000);
    assertEquals(key + "\n", Etcdctl.run(member, "get", key, "--keys-only").stdout().strip() + "\n");
    assertTrue(Etcdctl.run(proxyEndpoint, "member", "list").stdout().contains(", " + proxyEndpoint + ", false"));
  }

  @Test
  @Order(3)
  void jetcdPutGetWatchLeaseThroughProxy() throws Exception {
    try (Client c = jetcd(proxyEndpoint)) {
      c.getKVClient().put(bs("j-k"), bs("v")).get(30, TimeUnit.SECONDS);
      assertEquals("v", c.getKVClient().get(bs("j-k")).get(30, TimeUnit.SECONDS).getKvs().get(0).getValue().toString());

      CountDownLatch events = new CountDownLatch(2);
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Watch.Watcher w = c.getWatchClient().watch(bs("j-w"), r -> r.getEvents().forEach(e -> {
        seen.add(e.getEventType() + " " + e.getKeyValue().getValue());
        events.countDown();
      }))) {
        Thread.sleep(1000);
        c.getKVClient().put(bs("j-w"), bs("1")).get(30, TimeUnit.SECONDS);
        c.getKVClient().delete(bs("j-w")).get(30, TimeUnit.SECONDS);
        assertTrue(events.await(30, TimeUnit.SECONDS), "events seen: " + seen);
      }
      assertEquals(List.of(WatchEvent.EventType.PUT + " 1", WatchEvent.EventType.DELETE + " "), seen);

      long lease = c.getLeaseClient().grant(3).get(30, TimeUnit.SECONDS).getID();
      c.getKVClient().put(bs("j-l"), bs("v"), PutOption.builder().withLeaseId(lease).build()).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        assertEquals(3, c.getLeaseClient().keepAliveOnce(lease).get(30, TimeUnit.SECONDS).getTTL());
        Thread.sleep(1000);
      }
      assertEquals(1, c.getKVClient().get(bs("j-l")).get(30, TimeUnit.SECONDS).getCount(), "kept alive past its TTL");
    }
  }

  @Test
  @Order(4)
  void thousandWatchersOfOneKeyAreOneWatchOnTheCluster() throws Exception {
    int clients = 4;
    int perClient = 250;
    List<Client> cs = new ArrayList<>();
    List<Watch.Watcher> watchers = new ArrayList<>();
    CountDownLatch created = new CountDownLatch(clients * perClient);
    CountDownLatch got = new CountDownLatch(clients * perClient);
    try {
      for (int i = 0; i < clients; i++) {
        Client c = jetcd(proxyEndpoint);
        cs.add(c);
        for (int j = 0; j < perClient; j++) {
          watchers.add(c.getWatchClient().watch(bs("hot"),
              io.etcd.jetcd.options.WatchOption.builder().withCreateNotify(true).build(), r -> {
                if (r.isCreatedNotify()) {
                  created.countDown();
                }
                r.getEvents().stream().filter(e -> e.getKeyValue().getValue().toString().equals("fire"))
                    .forEach(e -> got.countDown());
              }));
        }
      }
      assertTrue(created.await(120, TimeUnit.SECONDS), "watchers created: " + (clients * perClient - created.getCount()));
      // 1,000 watchers, one watch on the cluster: 999 of them share it
      assertEquals(clients * perClient - 1, metric(metrics(), "etcd_grpc_proxy_watchers_coalescing_total"));
      long before = metric(metrics(), "etcd_grpc_proxy_events_coalescing_total");
      putRetryingUnavailable(cs.get(0), "hot", "fire");
      assertTrue(got.await(60, TimeUnit.SECONDS), "watchers that got the event: " + (clients * perClient - got.getCount()));
      assertEquals(before + clients * perClient - 1, metric(metrics(), "etcd_grpc_proxy_events_coalescing_total"));
    } finally {
      watchers.forEach(Watch.Watcher::close);
      cs.forEach(Client::close);
    }
  }

  @Test
  @Order(5)
  void namespaceKeepsClientsInsideThePrefix() throws Exception {
    assertEquals(0, Etcdctl.run(nsProxyEndpoint, "put", "k", "inside").exitCode());
    Etcdctl.run(proxyEndpoint, "put", "k", "outside");
    assertEquals("ns1/k\ninside\n", Etcdctl.run(proxyEndpoint, "get", "ns1/k").stdout());
    assertEquals("k\ninside\n", Etcdctl.run(nsProxyEndpoint, "get", "k").stdout());
    // a range over the whole keyspace sees only the namespace, without the prefix
    assertEquals("k\n", Etcdctl.run(nsProxyEndpoint, "get", "", "--from-key", "--keys-only").stdout().strip() + "\n");
    try (Client c = jetcd(nsProxyEndpoint)) {
      CountDownLatch seen = new CountDownLatch(1);
      List<String> keys = new CopyOnWriteArrayList<>();
      try (Watch.Watcher w = c.getWatchClient().watch(bs("k"), r -> r.getEvents().forEach(e -> {
        keys.add(e.getKeyValue().getKey().toString() + "=" + e.getKeyValue().getValue());
        seen.countDown();
      }))) {
        Thread.sleep(1000);
        Etcdctl.run(proxyEndpoint, "put", "k", "outside-again");
        Etcdctl.run(proxyEndpoint, "put", "ns1/k", "via-plain");
        assertTrue(seen.await(30, TimeUnit.SECONDS));
      }
      assertEquals(List.of("k=via-plain"), keys);
      // a txn compares inside the namespace
      var txn = c.getKVClient().txn().If(new io.etcd.jetcd.op.Cmp(bs("k"), io.etcd.jetcd.op.Cmp.Op.EQUAL,
          io.etcd.jetcd.op.CmpTarget.value(bs("via-plain")))).Then(io.etcd.jetcd.op.Op.put(bs("t"), bs("yes"),
          PutOption.DEFAULT)).commit().get(30, TimeUnit.SECONDS);
      assertTrue(txn.isSucceeded());
      assertEquals("ns1/t\nyes\n", Etcdctl.run(proxyEndpoint, "get", "ns1/t").stdout());
      assertEquals(2, c.getKVClient().get(bs("\0"), GetOption.builder().isPrefix(false)
          .withRange(bs("\0")).build()).get(30, TimeUnit.SECONDS).getCount());
    }
  }

  @Test
  @Order(6)
  void trafficGoesOnWhenAMemberIsKilled() throws Exception {
    try (Client c = jetcd(proxyEndpoint)) {
      CountDownLatch after = new CountDownLatch(1);
      try (Watch.Watcher w = c.getWatchClient().watch(bs("kill-w"), r -> r.getEvents().forEach(e -> {
        if (e.getKeyValue().getValue().toString().equals("after")) {
          after.countDown();
        }
      }))) {
        Thread.sleep(1000);
        c.getKVClient().put(bs("kill-k"), bs("before")).get(30, TimeUnit.SECONDS);
        cluster.running.get("infra0").kill9();
        int ok = 0;
        for (int i = 0; i < 20; i++) {
          try {
            c.getKVClient().put(bs("kill-k"), bs("v" + i)).get(30, TimeUnit.SECONDS);
            assertEquals("v" + i, c.getKVClient().get(bs("kill-k")).get(30, TimeUnit.SECONDS)
                .getKvs().get(0).getValue().toString());
            ok++;
          } catch (Exception e) {
            // a request in flight on the killed member may fail once
          }
        }
        assertTrue(ok >= 18, "requests through the proxy that succeeded after the kill: " + ok);
        assertEquals(0, Etcdctl.run(proxyEndpoint, "put", "kill-w", "after").exitCode());
        assertTrue(after.await(60, TimeUnit.SECONDS), "the watch moved to a live member");
      }
    }
  }

  /** A put as a client retries it while the cluster answers "no leader" (an election under way). */
  static void putRetryingUnavailable(Client c, String key, String value) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        c.getKVClient().put(bs(key), bs(value)).get(30, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        boolean unavailable = e.getCause() instanceof io.grpc.StatusRuntimeException s
            && s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
        if (!unavailable || attempt == 10) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  static void awaitFile(Path f, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(f) && Files.readString(f).contains(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    assertEquals(expected, Files.exists(f) ? Files.readString(f) : "<no file>");
  }
}
