package dev.etcdj.discovery.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveryServiceConfigTest {
  @Test
  void flagsAsInTheGuideAndAsDebiansService() throws Exception {
    DiscoveryServiceConfig c = DiscoveryServiceConfig.parse(new String[] {"--listen-addr", "127.0.0.1:8087",
        "--endpoints", "http://127.0.0.1:2379,http://127.0.0.2:2379/ignored/path", "--host=https://disc.example.com"},
        Map.of());
    assertEquals(8087, c.listenAddr().getPort());
    assertEquals("127.0.0.1", c.listenAddr().getHostString());
    assertEquals(List.of(URI.create("http://127.0.0.1:2379"), URI.create("http://127.0.0.2:2379")), c.endpoints());
    assertEquals("https://disc.example.com", c.host());
    DiscoveryServiceConfig debian = DiscoveryServiceConfig.parse(new String[] {"--addr", ":9000", "-e",
        "http://127.0.0.9:2379"}, Map.of());
    assertEquals(9000, debian.listenAddr().getPort());
    assertEquals("http://localhost:9000", debian.host());
  }

  @Test
  void environmentGivesDefaultsAsDiscoveryEtcdIo() throws Exception {
    DiscoveryServiceConfig c = DiscoveryServiceConfig.parse(new String[0],
        Map.of("DISC_ADDR", "127.0.0.5:1234", "DISC_ETCD", "http://127.0.0.6:2379", "DISC_HOST", "http://h"));
    assertEquals(1234, c.listenAddr().getPort());
    assertEquals(List.of(URI.create("http://127.0.0.6:2379")), c.endpoints());
    assertEquals("http://h", c.host());
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertEquals("unknown flag: --nope", assertThrows(DiscoveryServiceConfig.UsageException.class,
        () -> DiscoveryServiceConfig.parse(new String[] {"--nope", "x"}, Map.of())).getMessage());
    assertEquals("Expected url without query (?a=b)", assertThrows(DiscoveryServiceConfig.UsageException.class,
        () -> DiscoveryServiceConfig.parse(new String[] {"--endpoints", "http://h:1/?a=b"}, Map.of())).getMessage());
    assertEquals("invalid listen address \"8087\": missing port", assertThrows(DiscoveryServiceConfig.UsageException.class,
        () -> DiscoveryServiceConfig.parse(new String[] {"--listen-addr", "8087"}, Map.of())).getMessage());
  }

  @Test
  void sizeParsesAsGoAtoi() {
    assertEquals(3, GoAtoi.parse("3"));
    assertEquals(3, GoAtoi.parse("+3"));
    assertEquals(-1, GoAtoi.parse("-1"));
    assertEquals("strconv.Atoi: parsing \"abc\": invalid syntax",
        assertThrows(NumberFormatException.class, () -> GoAtoi.parse("abc")).getMessage());
    assertEquals("strconv.Atoi: parsing \"99999999999999999999\": value out of range",
        assertThrows(NumberFormatException.class, () -> GoAtoi.parse("99999999999999999999")).getMessage());
  }
}
