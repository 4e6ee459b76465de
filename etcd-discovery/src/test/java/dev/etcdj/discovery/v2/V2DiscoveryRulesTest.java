package dev.etcdj.discovery.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.discovery.InitialCluster;
import dev.etcdj.discovery.v2.DiscoveryException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsing and ID rules of v2 discovery, checked against values real etcd 3.4.23 produced. */
class V2DiscoveryRulesTest {
  private static final String DURL = "http://127.0.0.1:4001/v2/keys/discovery/tok2";

  @Test
  void discoveryUrlIsTheClusterTokenForMemberAndClusterIds() {
    // three real etcd 3.4.23 members bootstrapped from DURL registered these IDs and formed this cluster
    InitialCluster cluster = InitialCluster.parse(
        "r1=http://127.0.0.21:2380,r2=http://127.0.0.22:2380,r3=http://127.0.0.23:2380");
    assertEquals("b08913cae41e2620", ClusterIds.toHex(cluster.memberIds(DURL).get("r1")));
    assertEquals("fee968840aed0130", ClusterIds.toHex(cluster.memberIds(DURL).get("r2")));
    assertEquals("c5886f96fd4fc103", ClusterIds.toHex(cluster.memberIds(DURL).get("r3")));
    assertEquals("8d81701b4ca6cc57", ClusterIds.toHex(cluster.clusterId(DURL)));
  }

  @Test
  void urlSplitsIntoEndpointAndClusterDirectory() throws Exception {
    DiscoveryUrl u = DiscoveryUrl.parse(DURL);
    assertEquals("http://127.0.0.1:4001", u.endpoint().toString());
    assertEquals("/v2/keys/discovery/tok2", u.clusterPath());
    assertEquals("/v2/keys/discovery/tok2/_config/size", u.key("_config", "size"));
    assertEquals("/v2/keys/discovery/tok2/b08913cae41e2620", u.key("b08913cae41e2620"));
    DiscoveryUrl service = DiscoveryUrl.parse("https://discovery.example.com/3e86b59982e49066c5d813af1c2e2579/");
    assertEquals("https://discovery.example.com", service.endpoint().toString());
    assertEquals("/3e86b59982e49066c5d813af1c2e2579/_config/size", service.key("_config", "size"));
  }

  @Test
  void urlWithoutSchemeOrHostIsInvalid() {
    assertEquals(Reason.INVALID_URL, assertThrows(DiscoveryException.class, () -> DiscoveryUrl.parse("tok2")).reason());
    assertEquals("discovery: invalid URL",
        assertThrows(DiscoveryException.class, () -> DiscoveryUrl.parse("http:///x")).getMessage());
  }

  @Test
  void canonicalPathKeepsTrailingSlashLikeEtcd() {
    assertEquals("/", KeysClient.canonicalPath(""));
    assertEquals("/a/b/", KeysClient.canonicalPath("a//b/"));
    assertEquals("/a/c", KeysClient.canonicalPath("/a/b/../c"));
  }

  @Test
  void sizeMustBeAnUnsignedInteger() throws Exception {
    assertEquals(3, V2Discovery.parseSize("3"));
    for (String bad : List.of("", "-1", "+3", "three", "3.0", "99999999999999999999")) {
      DiscoveryException e = assertThrows(DiscoveryException.class, () -> V2Discovery.parseSize(bad), bad);
      assertEquals("discovery: size key is bad", e.getMessage());
    }
  }

  @Test
  void registrationsBecomeTheInitialCluster() throws Exception {
    List<KeysNode> nodes = List.of(node("a", "infra0=http://127.0.0.10:2380"),
        node("b", "infra1=http://127.0.0.11:2380,infra1=http://127.0.0.11:2390"), node("c", "infra2=http://127.0.0.12:2380"));
    assertEquals("infra0=http://127.0.0.10:2380,infra1=http://127.0.0.11:2380,infra1=http://127.0.0.11:2390,"
        + "infra2=http://127.0.0.12:2380", V2Discovery.nodesToCluster(nodes, 3));
  }

  @Test
  void twoRegistrationsWithOneNameAreADuplicateName() {
    List<KeysNode> nodes = List.of(node("a", "dup=http://127.0.0.31:2380"), node("b", "dup=http://127.0.0.32:2380"));
    DiscoveryException e = assertThrows(DiscoveryException.class, () -> V2Discovery.nodesToCluster(nodes, 2));
    assertEquals(Reason.DUPLICATE_NAME, e.reason());
    assertEquals("discovery: found duplicate name", e.getMessage());
    assertEquals("dup", e.detail());
  }

  @Test
  void aRegistrationWithABadUrlIsAnInvalidUrl() {
    List<KeysNode> nodes = List.of(node("a", "x=ftp://127.0.0.31:2380"));
    assertEquals(Reason.INVALID_URL,
        assertThrows(DiscoveryException.class, () -> V2Discovery.nodesToCluster(nodes, 1)).reason());
  }

  @Test
  void keysErrorReadsLikeEtcdsClientError() {
    assertEquals("100: Key not found (/discovery/nosize) [4]",
        new KeysError(100, "Key not found", "/discovery/nosize", 4).getMessage());
  }

  @Test
  void backOffDelaysReadLikeGoDurations() {
    assertEquals("2s", GoDurations.seconds(2));
    assertEquals("2m8s", GoDurations.seconds(128));
    assertEquals("4m16s", GoDurations.seconds(256));
  }

  @Test
  void proxyWithoutSchemeIsHttp() throws Exception {
    assertEquals(3128, DiscoveryProxy.parse("127.0.0.1:3128").orElseThrow().getPort());
    assertEquals(80, DiscoveryProxy.parse("http://127.0.0.1").orElseThrow().getPort());
    assertEquals(true, DiscoveryProxy.parse("").isEmpty());
  }

  private static KeysNode node(String id, String value) {
    return new KeysNode("/discovery/t/" + id, value, false, 0, 0, null);
  }
}
