package dev.etcdj.server.config;

import static dev.etcdj.server.config.TestSupport.cfg;
import static dev.etcdj.server.config.TestSupport.error;
import static dev.etcdj.server.config.TestSupport.verifying;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** etcd 3.6's v3 discovery flags, the subset etcdj accepts. */
class V3DiscoveryFlagsTest {
  @Test
  void endpointsClearTheDefaultInitialClusterAndKeepTheirValues() {
    ServerConfig c = cfg("--discovery-endpoints", "127.0.0.1:2379,127.0.0.2:2379", "--discovery-token", "tok");
    assertEquals("", c.initialCluster());
    assertEquals("127.0.0.1:2379,127.0.0.2:2379", c.raw().get("discovery-endpoints"));
    assertEquals("tok", c.raw().get("discovery-token"));
    assertEquals("2s", c.raw().get("discovery-dial-timeout"));
    assertEquals("5s", c.raw().get("discovery-request-timeout"));
  }

  @Test
  void environmentSetsThemToo() {
    ServerConfig c = TestSupport.runEnv(Map.of("ETCD_DISCOVERY_ENDPOINTS", "127.0.0.1:2379", "ETCD_DISCOVERY_TOKEN", "t"))
        .config();
    assertEquals("t", c.raw().get("discovery-token"));
  }

  @Test
  void endpointsConflictWithAnExplicitInitialCluster() {
    assertEquals(verifying(ConfigLoader.ERR_CONFLICT_BOOTSTRAP), error("--discovery-endpoints", "127.0.0.1:2379",
        "--initial-cluster", "default=http://localhost:2380"));
  }
}
