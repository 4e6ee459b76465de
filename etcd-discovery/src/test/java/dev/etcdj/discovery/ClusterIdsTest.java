package dev.etcdj.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterIdsTest {

  @Test
  void defaultSingleMemberMatchesRealEtcd() {
    InitialCluster cluster = InitialCluster.parse("default=http://localhost:2380");
    assertEquals("8e9e05c52164694d", ClusterIds.toHex(cluster.memberIds("etcd-cluster").get("default")));
    assertEquals("cdf818194e3a8c32", ClusterIds.toHex(cluster.clusterId("etcd-cluster")));
  }

  @Test
  void memberIdIgnoresUrlOrder() {
    assertEquals(
        ClusterIds.memberId(List.of("http://a:1", "http://b:2"), "t"),
        ClusterIds.memberId(List.of("http://b:2", "http://a:1"), "t"));
  }

  @Test
  void tokenChangesIds() {
    InitialCluster cluster = InitialCluster.parse("a=http://127.0.0.1:2380");
    assertEquals(false, cluster.clusterId("one") == cluster.clusterId("two"));
  }

  @Test
  void repeatedNameCollectsUrls() {
    InitialCluster cluster = InitialCluster.parse("a=http://10.0.0.2:2380,a=http://10.0.0.1:2380");
    assertEquals(List.of("http://10.0.0.1:2380", "http://10.0.0.2:2380"), cluster.peerUrlsByName().get("a"));
  }

  @Test
  void malformedEntryIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> InitialCluster.parse("nourl"));
    assertThrows(IllegalArgumentException.class, () -> InitialCluster.parse("a=ftp://x:1"));
  }
}
