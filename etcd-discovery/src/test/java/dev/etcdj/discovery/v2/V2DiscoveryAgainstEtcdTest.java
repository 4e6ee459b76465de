package dev.etcdj.discovery.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.v2.DiscoveryException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery protocol against a real etcd 3.4 v2 keys API, as etcd members use it. */
class V2DiscoveryAgainstEtcdTest {
  @TempDir
  static Path tmp;
  private static RealEtcdV2 etcd;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(RealEtcdV2.installed(), "needs Debian's etcd-server package");
    etcd = new RealEtcdV2(tmp.resolve("disco.etcd"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (etcd != null) {
      etcd.close();
    }
  }

  private String newToken(String name, String size) throws Exception {
    String url = etcd.clientUrl + "/v2/keys/discovery/" + name;
    if (size != null) {
      etcd.putSize(url, size);
    }
    return url;
  }

  private static V2Discovery discovery(String url, String name, String peerUrl) throws DiscoveryException {
    long id = ClusterIds.memberId(List.of(peerUrl), url);
    return new V2Discovery(DiscoveryUrl.parse(url), Optional.empty(), id, d -> { }, 3);
  }

  @Test
  void threeMembersGetTheSameClusterAndAFourthFindsItFull() throws Exception {
    String url = newToken("three", "3");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> joins = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String name = "infra" + i;
        String peer = "http://127.0.0.1" + i + ":2380";
        joins.add(pool.submit(() -> discovery(url, name, peer).join(name + "=" + peer)));
        Thread.sleep(200); // a registration order to assert
      }
      List<String> clusters = new ArrayList<>();
      for (Future<String> f : joins) {
        clusters.add(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(List.of(clusters.get(0), clusters.get(0), clusters.get(0)), clusters);
      assertEquals("infra0=http://127.0.0.10:2380,infra1=http://127.0.0.11:2380,infra2=http://127.0.0.12:2380",
          clusters.get(0));
    } finally {
      pool.shutdownNow();
    }
    DiscoveryException full = assertThrows(DiscoveryException.class,
        () -> discovery(url, "infra3", "http://127.0.0.13:2380").join("infra3=http://127.0.0.13:2380"));
    assertEquals(Reason.FULL_CLUSTER, full.reason());
    assertEquals("discovery: cluster is full", full.getMessage());
  }

  @Test
  void missingSizeKeyIsReportedWithTheKeysApiError() throws Exception {
    String url = newToken("nosize", null);
    DiscoveryException e = assertThrows(DiscoveryException.class,
        () -> discovery(url, "a", "http://127.0.0.10:2380").join("a=http://127.0.0.10:2380"));
    assertEquals(Reason.SIZE_NOT_FOUND, e.reason());
    assertTrue(e.getMessage().matches("100: Key not found \\(/discovery(/nosize)?\\) \\[\\d+]"), e.getMessage());
  }

  @Test
  void badSizeKeyIsRefused() throws Exception {
    String url = newToken("badsize", "three");
    assertEquals(Reason.BAD_SIZE_KEY, assertThrows(DiscoveryException.class,
        () -> discovery(url, "a", "http://127.0.0.10:2380").join("a=http://127.0.0.10:2380")).reason());
  }

  @Test
  void registeringTheSameMemberTwiceIsADuplicateId() throws Exception {
    String url = newToken("dupid", "2");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> discovery(url, "a", "http://127.0.0.10:2380").join("a=http://127.0.0.10:2380"));
      Thread.sleep(1000);
      DiscoveryException e = assertThrows(DiscoveryException.class,
          () -> discovery(url, "a", "http://127.0.0.10:2380").join("a=http://127.0.0.10:2380"));
      assertEquals("discovery: found duplicate id", e.getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoMembersWithOneNameEndInDuplicateName() throws Exception {
    String url = newToken("dupname", "2");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = pool.submit(() -> discovery(url, "dup", "http://127.0.0.31:2380")
          .join("dup=http://127.0.0.31:2380"));
      Future<String> second = pool.submit(() -> discovery(url, "dup", "http://127.0.0.32:2380")
          .join("dup=http://127.0.0.32:2380"));
      for (Future<String> f : List.of(first, second)) {
        Exception e = assertThrows(Exception.class, () -> f.get(60, TimeUnit.SECONDS));
        assertEquals(Reason.DUPLICATE_NAME, ((DiscoveryException) e.getCause()).reason());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableServiceIsRetriedWithExponentialBackOff() throws Exception {
    String url = "http://127.0.0.1:" + RealEtcdV2.freePort() + "/v2/keys/discovery/x";
    List<Duration> waits = new CopyOnWriteArrayList<>();
    V2Discovery d = new V2Discovery(DiscoveryUrl.parse(url), Optional.empty(), 1L, waits::add, 4);
    DiscoveryException e = assertThrows(DiscoveryException.class, () -> d.join("a=http://127.0.0.10:2380"));
    assertEquals("discovery: too many retries", e.getMessage());
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16)),
        waits);
  }

  @Test
  void anEndpointThatIsNotAKeysApiIsABadDiscoveryEndpoint() throws Exception {
    // etcd's peer port answers /v2/keys with a plain-text 404
    String url = etcd.peerUrl + "/v2/keys/discovery/x";
    assertEquals(Reason.BAD_DISCOVERY_ENDPOINT, assertThrows(DiscoveryException.class,
        () -> discovery(url, "a", "http://127.0.0.10:2380").join("a=http://127.0.0.10:2380")).reason());
  }
}
