package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --experimental-initial-corrupt-check}: a restarting member compares its key-value hash
 * with its peers' and refuses to start when its store diverged.
 */
class CorruptCheckIT {
  private static final String FLAG = "--experimental-initial-corrupt-check";

  @TempDir
  Path tmp;

  @Test
  void healthyMemberPassesAndCorruptedMemberRefusesToStart() throws Exception {
    LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-corrupt", 3);
    try (cluster) {
      cluster.startAll();
      String ep = cluster.specs.get("infra0").endpoint();
      for (int i = 0; i < 5; i++) {
        assertEquals(0, Etcdctl.run(ep, "put", "k" + i, "v" + i).exitCode());
      }

      cluster.running.get("infra1").stop();
      ServerProcess healthy = cluster.launch(cluster.specs.get("infra1"), "new", cluster.initialCluster(), FLAG);
      cluster.running.put("infra1", healthy);
      healthy.awaitReady();
      assertTrue(healthy.output().contains("succeeded on initial corruption checking: no corruption"),
          healthy.output());
      assertTrue(!healthy.output().contains("hash-kv error"), healthy.output());

      String infra2Id = Etcdctl.run(cluster.specs.get("infra2").endpoint(), "endpoint", "status", "-w", "fields")
          .stdout().lines().filter(l -> l.startsWith("\"MemberID\""))
          .map(l -> Long.toHexString(Long.parseUnsignedLong(l.substring(l.indexOf(':') + 1).strip())))
          .findFirst().orElseThrow();
      cluster.running.get("infra2").stop();
      try (MvccStore store = MvccStore.open(tmp.resolve("infra2").resolve("member").resolve("db"));
           WriteTxn txn = store.beginWrite(store.consistentIndex())) {
        txn.put(bytes("x"), bytes("corrupt"), 0);
        txn.end();
      }
      assertEquals(0, Etcdctl.run(ep, "put", "x", "good").exitCode());

      ServerProcess corrupted = cluster.launch(cluster.specs.get("infra2"), "new", cluster.initialCluster(), FLAG);
      cluster.running.put("infra2", corrupted);
      assertEquals(1, corrupted.awaitExit(Duration.ofSeconds(60)), corrupted.output());
      assertTrue(corrupted.output().contains("etcdmain: " + infra2Id + " found data inconsistency with peers"),
          corrupted.output());
      // etcd names the peer from the /members/hashkv answer's header, which carries no member ID
      assertTrue(corrupted.output().contains(" != 0's hash "), corrupted.output());
      assertTrue(!corrupted.output().contains("ready to serve client requests"), corrupted.output());
      assertEquals("x\ngood\n", Etcdctl.run(ep, "get", "x").stdout());
    }
  }

  /** The peer endpoint as etcd serves it: GET with a JSON HashKVRequest body. */
  @Test
  void peerEndpointAnswersHashKvAsJson() throws Exception {
    LocalCluster cluster = new LocalCluster(tmp, "etcd-cluster-hashkv", 1);
    try (cluster) {
      cluster.startAll();
      LocalCluster.MemberSpec s = cluster.specs.get("infra0");
      assertEquals(0, Etcdctl.run(s.endpoint(), "put", "a", "1").exitCode());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(s.peerUrl() + "/members/hashkv"))
          .method("GET", HttpRequest.BodyPublishers.ofString("{\"revision\":2}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      String hash = Etcdctl.run(s.endpoint(), "endpoint", "hashkv", "--rev=2", "-w", "fields").stdout().lines()
          .filter(l -> l.startsWith("\"Hash\"")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElseThrow();
      assertEquals("{\"header\":{\"revision\":2},\"hash\":" + hash + "}", ok.body());
      assertTrue(ok.headers().firstValue("X-Etcd-Cluster-ID").isPresent());

      HttpResponse<String> future = http.send(HttpRequest.newBuilder(URI.create(s.peerUrl() + "/members/hashkv"))
          .method("GET", HttpRequest.BodyPublishers.ofString("{\"revision\":99}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, future.statusCode());
      assertEquals("mvcc: required revision is a future revision\n", future.body());
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(s.peerUrl() + "/members/hashkv"))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
