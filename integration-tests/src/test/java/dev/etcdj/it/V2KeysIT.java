package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 keys API ({@code --enable-v2}) on real processes: curl-style requests and Debian's
 * {@code ETCDCTL_API=2 etcdctl} against a three-member cluster, TTL expiry replicated to every
 * member, the store surviving a restart, and real etcd members bootstrapping through our
 * cluster as their discovery service.
 */
class V2KeysIT {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path tmp;

  record Ctl(int exitCode, String stdout, String stderr) {}

  static Ctl etcdctl2(String endpoints, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Etcdctl.BINARY.toString(), "--endpoints", endpoints));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("ETCDCTL_API", "2");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "etcdctl " + args[0] + " finished");
    return new Ctl(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static HttpResponse<String> send(String method, String url, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (form == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return send("GET", url, null);
  }

  static void awaitTrue(String what, CheckedCondition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      Thread.sleep(100);
    }
  }

  interface CheckedCondition {
    boolean holds() throws Exception;
  }

  @Test
  void threeMembersServeTheKeysApiLikeEtcd() throws Exception {
    assumeTrue(Etcdctl.installed(), "Debian's etcdctl is needed");
    try (LocalCluster cluster = new LocalCluster(tmp, "v2-cluster", 3).startAll("--enable-v2")) {
      var specs = List.copyOf(cluster.specs.values());
      String m0 = specs.get(0).clientUrl();

      HttpResponse<String> put = send("PUT", m0 + "/v2/keys/foo", "value=bar");
      assertEquals(201, put.statusCode(), put.body());
      assertTrue(put.body().startsWith("{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"bar\","), put.body());
      long index = Long.parseLong(put.headers().firstValue("X-Etcd-Index").orElseThrow());
      assertTrue(put.headers().firstValue("X-Raft-Index").isPresent());
      assertTrue(put.headers().firstValue("X-Raft-Term").isPresent());

      for (LocalCluster.MemberSpec s : specs) {
        HttpResponse<String> q = get(s.clientUrl() + "/v2/keys/foo?quorum=true");
        assertEquals("{\"action\":\"get\",\"node\":{\"key\":\"/foo\",\"value\":\"bar\",\"modifiedIndex\":" + index
            + ",\"createdIndex\":" + index + "}}\n", q.body(), "quorum read on " + s.name());
      }

      HttpResponse<String> exists = send("PUT", m0 + "/v2/keys/foo?prevExist=false", "value=again");
      assertEquals(412, exists.statusCode());
      assertEquals("{\"errorCode\":105,\"message\":\"Key already exists\",\"cause\":\"/foo\",\"index\":" + index
          + "}\n", exists.body());
      HttpResponse<String> missing = get(m0 + "/v2/keys/nope");
      assertEquals(404, missing.statusCode());
      assertTrue(missing.body().startsWith("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/nope\""));

      String all = String.join(",", specs.stream().map(LocalCluster.MemberSpec::clientUrl).toList());
      assertEquals("hello\n", etcdctl2(all, "set", "/dir/a", "hello").stdout());
      assertEquals("hello\n", etcdctl2(specs.get(2).clientUrl(), "get", "--quorum", "/dir/a").stdout());
      Ctl mk = etcdctl2(all, "mk", "/dir/a", "x");
      assertEquals(4, mk.exitCode());
      assertTrue(mk.stderr().startsWith("Error:  105: Key already exists (/dir/a)"), mk.stderr());
      assertEquals("/dir/a\n", etcdctl2(all, "ls", "/dir").stdout());
      assertEquals("upd\n", etcdctl2(all, "update", "/dir/a", "upd").stdout());
      assertEquals("PrevNode.Value: upd\n", etcdctl2(all, "rm", "/dir/a").stdout());
      assertTrue(etcdctl2(all, "rm", "/dir/a").stderr().startsWith("Error:  100: Key not found (/dir/a)"));
      assertEquals(0, etcdctl2(all, "mkdir", "/d2").exitCode());
      assertEquals(0, etcdctl2(all, "rmdir", "/d2").exitCode());
      String members = etcdctl2(all, "member", "list").stdout();
      for (LocalCluster.MemberSpec s : specs) {
        assertTrue(members.contains("name=" + s.name() + " peerURLs=" + s.peerUrl() + " clientURLs=" + s.clientUrl()),
            members);
      }
      Ctl health = etcdctl2(all, "cluster-health");
      assertEquals(0, health.exitCode());
      assertTrue(health.stdout().endsWith("cluster is healthy\n"), health.stdout());

      Path watchOut = tmp.resolve("watch.out");
      ProcessBuilder pb = new ProcessBuilder(Etcdctl.BINARY.toString(), "--endpoints", specs.get(1).clientUrl(),
          "watch", "/w").redirectErrorStream(true).redirectOutput(watchOut.toFile());
      pb.environment().put("ETCDCTL_API", "2");
      Process watch = pb.start();
      try {
        Thread.sleep(1000); // the watch must be registered before the write
        assertEquals("v1\n", etcdctl2(m0, "set", "/w", "v1").stdout());
        assertTrue(watch.waitFor(30, TimeUnit.SECONDS), "a one-shot watch ends after its event");
        assertEquals("v1\n", Files.readString(watchOut));
      } finally {
        watch.destroyForcibly();
      }

      // a TTL set through one member expires on every member, and a waiting watcher hears it
      HttpResponse<String> ttl = send("PUT", m0 + "/v2/keys/session", "value=s&ttl=2");
      assertTrue(ttl.body().contains("\"ttl\":2"), ttl.body());
      CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(HttpRequest.newBuilder(
          URI.create(specs.get(2).clientUrl() + "/v2/keys/session?wait=true")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> expired = waiting.get(30, TimeUnit.SECONDS);
      assertTrue(expired.body().startsWith("{\"action\":\"expire\",\"node\":{\"key\":\"/session\""), expired.body());
      for (LocalCluster.MemberSpec s : specs) {
        awaitTrue("expiry on " + s.name(), () -> get(s.clientUrl() + "/v2/keys/session").statusCode() == 404);
      }
      assertTrue(get(m0 + "/v2/machines").body().contains(specs.get(1).clientUrl()));
    }
  }

  @Test
  void historyInOrderKeysAndMemberChanges() throws Exception {
    try (ServerProcess server = ServerProcess.startOurs(tmp.resolve("one"), "--enable-v2")) {
      String keys = server.url() + "/v2/keys";
      long first = Long.parseLong(send("PUT", keys + "/h", "value=1").headers().firstValue("X-Etcd-Index").orElseThrow());
      send("PUT", keys + "/h", "value=2");
      HttpResponse<String> past = get(keys + "/h?wait=true&waitIndex=" + first);
      assertTrue(past.body().contains("\"value\":\"1\""), past.body());
      HttpResponse<String> recursive = get(keys + "/?wait=true&recursive=true&waitIndex=" + (first + 1));
      assertTrue(recursive.body().contains("\"value\":\"2\""), recursive.body());
      HttpResponse<String> post = send("POST", keys + "/queue", "value=job");
      assertEquals(201, post.statusCode());
      assertTrue(post.body().contains("\"key\":\"/queue/000000000000000000"), post.body());

      String members = server.url() + "/v2/members";
      String self = get(members).body().split("\"id\":\"")[1].split("\"")[0];
      HttpRequest update = HttpRequest.newBuilder(URI.create(members + "/" + self))
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"peerURLs\":[\"http://127.0.0.1:" + (server.clientPort() + 1) + "\"]}"))
          .build();
      assertEquals(204, HTTP.send(update, HttpResponse.BodyHandlers.ofString()).statusCode());
      assertTrue(get(members).body().contains("\"peerURLs\":[\"http://127.0.0.1:" + (server.clientPort() + 1) + "\"]"));
      HttpResponse<String> unknown = send("DELETE", members + "/1234", null);
      assertEquals(404, unknown.statusCode());
      assertEquals("{\"message\":\"No such member: 1234\"}", unknown.body());
      assertEquals(415, send("POST", members, "peerURLs=x").statusCode());
    }
  }

  @Test
  void theStoreSurvivesARestart() throws Exception {
    Path data = tmp.resolve("restart");
    int clientPort = ServerProcess.freePort();
    int peerPort = ServerProcess.freePort();
    long index;
    try (ServerProcess server = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, "--enable-v2")) {
      send("PUT", server.url() + "/v2/keys/dir/kept", "value=yes");
      index = Long.parseLong(send("PUT", server.url() + "/v2/keys/ttl", "value=t&ttl=600")
          .headers().firstValue("X-Etcd-Index").orElseThrow());
      server.kill9();
    }
    try (ServerProcess server = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, "--enable-v2")) {
      HttpResponse<String> kept = get(server.url() + "/v2/keys/dir?recursive=true");
      assertTrue(kept.body().contains("\"key\":\"/dir/kept\",\"value\":\"yes\""), kept.body());
      HttpResponse<String> ttl = get(server.url() + "/v2/keys/ttl");
      assertTrue(ttl.body().contains("\"expiration\":"), ttl.body());
      assertTrue(Long.parseLong(ttl.headers().firstValue("X-Etcd-Index").orElseThrow()) >= index);
    }
  }

  @Test
  void aJoiningMemberGetsTheV2StoreInTheLeadersSnapshot() throws Exception {
    assumeTrue(Etcdctl.installed(), "Debian's etcdctl is needed");
    try (LocalCluster cluster = new LocalCluster(tmp, "v2-snap", 1).startAll("--enable-v2", "--snapshot-count", "5")) {
      LocalCluster.MemberSpec first = cluster.specs.get("infra0");
      for (int i = 0; i < 10; i++) {
        assertEquals(201, send("PUT", first.clientUrl() + "/v2/keys/snap/k" + i, "value=v" + i).statusCode());
      }
      // after a restart the leader's log starts at its snapshot, so a new member needs the snapshot
      cluster.running.get("infra0").kill9();
      cluster.restart("infra0");
      LocalCluster.MemberSpec joiner = LocalCluster.spec("infra1", "127.0.0.11");
      Etcdctl.Result added = Etcdctl.run(first.endpoint(), "member", "add", "infra1", "--peer-urls=" + joiner.peerUrl());
      assertEquals(0, added.exitCode(), added.stderr());
      cluster.specs.put("infra1", joiner);
      ServerProcess p = cluster.launch(joiner, "existing", cluster.initialCluster(), "--enable-v2");
      cluster.running.put("infra1", p);
      p.awaitReady();
      awaitTrue("the v2 keys on the joiner", () -> get(joiner.clientUrl() + "/v2/keys/snap/k9").statusCode() == 200);
      HttpResponse<String> all = get(joiner.clientUrl() + "/v2/keys/snap");
      assertEquals(10, all.body().split("\"key\":").length - 2, all.body());
      assertTrue(p.output().contains("received database snapshot"), "the joiner was sent a snapshot");
    }
  }

  @Test
  void theV2ApiIsOffByDefault() throws Exception {
    try (ServerProcess server = ServerProcess.startOurs(tmp.resolve("off"))) {
      HttpResponse<String> r = get(server.url() + "/v2/keys/foo");
      assertEquals(404, r.statusCode());
      assertEquals("404 page not found\n", r.body());
      // etcd's v2 Go client reads that as no etcd answer (TestCtlV3Migrate's v2 writes, with v2 off)
      Etcdctl.Result set = OurTools.etcdctlV2(server.url(), "set", "foo", "bar");
      assertEquals(4, set.exitCode());
      assertEquals("Error:  client: response is invalid json. The endpoint is probably not valid etcd cluster"
          + " endpoint\n", set.stderr());
      if (Etcdctl.installed()) {
        Ctl real = etcdctl2(server.url(), "set", "foo", "bar");
        assertEquals(set.exitCode(), real.exitCode());
        assertEquals(set.stderr(), real.stderr());
      }
    }
  }

  @Test
  void realEtcdMembersUseUsAsTheirDiscoveryService() throws Exception {
    assumeTrue(ServerProcess.realEtcdInstalled(), "Debian's etcd is needed");
    try (ServerProcess discovery = ServerProcess.startOurs(tmp.resolve("discovery"), "--enable-v2")) {
      String registry = discovery.url() + "/v2/keys/_etcd/registry/token-1";
      assertEquals(201, send("PUT", registry + "/_config/size", "value=3").statusCode());
      List<ServerProcess> real = new ArrayList<>();
      List<LocalCluster.MemberSpec> specs = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          LocalCluster.MemberSpec s = LocalCluster.spec("real" + i, "127.0.0." + (30 + i));
          specs.add(s);
          real.add(ServerProcess.exec(List.of(ServerProcess.realEtcd().toString(), "--name", s.name(),
              "--data-dir", tmp.resolve(s.name()).toString(),
              "--listen-client-urls", s.clientUrl(), "--advertise-client-urls", s.clientUrl(),
              "--listen-peer-urls", s.peerUrl(), "--initial-advertise-peer-urls", s.peerUrl(),
              "--discovery", registry), s.clientPort(), tmp.resolve(s.name())));
        }
        ServerProcess.awaitAllReady(real);
        HttpResponse<String> registered = get(registry + "?recursive=true&sorted=true");
        for (int i = 0; i < 3; i++) {
          assertTrue(registered.body().contains("\"value\":\"real" + i + "=http://127.0.0." + (30 + i)), registered.body());
        }
        String list = Etcdctl.run(specs.get(0).endpoint(), "member", "list").stdout();
        assertEquals(3, list.lines().count(), list);
      } finally {
        real.forEach(ServerProcess::close);
      }
    }
  }
}
