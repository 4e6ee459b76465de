package dev.etcdj.discovery.srv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SrvServicesTest {

  @Test
  void serverServicesAsTheGuideLists() {
    assertEquals("_etcd-server-ssl._tcp.example.com",
        SrvServices.recordName(SrvServices.service(SrvServices.SERVER, "", "https"), "example.com"));
    assertEquals("_etcd-server._tcp.example.com",
        SrvServices.recordName(SrvServices.service(SrvServices.SERVER, "", "http"), "example.com"));
  }

  @Test
  void serviceNameSuffixSeparatesClusters() {
    assertEquals("_etcd-server-ssl-foo._tcp.example.com",
        SrvServices.recordName(SrvServices.service(SrvServices.SERVER, "foo", "https"), "example.com"));
    assertEquals("_etcd-client-foo._tcp.example.com",
        SrvServices.recordName(SrvServices.service(SrvServices.CLIENT, "foo", "http"), "example.com."));
  }

  @Test
  void ipv6TargetsGetBrackets() {
    assertEquals("[::1]:2380", new SrvTarget("::1", 2380, 0, 0).hostPort());
    assertEquals("infra0.example.com.:2380", new SrvTarget("infra0.example.com.", 2380, 0, 0).hostPort());
    assertEquals("infra0.example.com", new SrvTarget("infra0.example.com.", 2380, 0, 0).shortHost());
  }

  @Test
  void foundClusterKnowsItsMembersAndScheme() {
    SrvCluster.Found found = new SrvCluster.Found(java.util.List.of(
        "infra0=https://infra0.example.com:2380", "0=https://infra1.example.com:2380"));
    assertEquals("infra0=https://infra0.example.com:2380,0=https://infra1.example.com:2380", found.initialCluster());
    assertEquals(true, found.secure());
    assertEquals(true, found.lists("infra0"));
    assertEquals(false, found.lists("infra"));
  }
}
