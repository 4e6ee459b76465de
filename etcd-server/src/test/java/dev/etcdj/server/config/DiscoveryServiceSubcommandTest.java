package dev.etcdj.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryServiceSubcommandTest {
  @Test
  void discoveryServiceIsHandedBackWithItsFlags() {
    LoadResult r = ConfigLoader.load(new String[] {"discovery-service", "--listen-addr", "127.0.0.1:8087"}, Map.of());
    LoadResult.Subcommand s = assertInstanceOf(LoadResult.Subcommand.class, r);
    assertEquals("discovery-service", s.name());
    assertEquals(List.of("--listen-addr", "127.0.0.1:8087"), List.of(s.args()));
  }
}
