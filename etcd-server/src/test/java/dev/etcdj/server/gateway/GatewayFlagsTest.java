package dev.etcdj.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayFlagsTest {

  @Test
  void defaultsAreEtcds() throws Exception {
    GatewayFlags f = GatewayFlags.parse(List.of());
    assertEquals("127.0.0.1:23790", f.listenAddr());
    assertEquals(List.of("127.0.0.1:2379"), f.endpoints());
    assertEquals(Duration.ofMinutes(1), f.retryDelay());
    assertEquals(false, f.insecureDiscovery());
  }

  @Test
  void endpointsReplaceTheDefaultThenAppend() throws Exception {
    GatewayFlags f = GatewayFlags.parse(List.of("--endpoints=a:1,b:2", "--endpoints", "c:3",
        "--listen-addr", "127.0.0.1:5", "--retry-delay=1.5s", "--insecure-discovery"));
    assertEquals(List.of("a:1", "b:2", "c:3"), f.endpoints());
    assertEquals("127.0.0.1:5", f.listenAddr());
    assertEquals(Duration.ofMillis(1500), f.retryDelay());
    assertTrue(f.insecureDiscovery());
  }

  @Test
  void badFlagsGetPflagsMessages() {
    assertEquals("unknown flag: --bogus",
        assertThrows(GatewayFlags.UsageException.class, () -> GatewayFlags.parse(List.of("--bogus"))).getMessage());
    assertEquals("invalid argument \"xx\" for \"--retry-delay\" flag: time: invalid duration \"xx\"",
        assertThrows(GatewayFlags.UsageException.class,
            () -> GatewayFlags.parse(List.of("--retry-delay=xx"))).getMessage());
    assertEquals("flag needs an argument: --listen-addr",
        assertThrows(GatewayFlags.UsageException.class,
            () -> GatewayFlags.parse(List.of("--listen-addr"))).getMessage());
    assertEquals("unknown shorthand flag: 'x' in -x",
        assertThrows(GatewayFlags.UsageException.class, () -> GatewayFlags.parse(List.of("-x"))).getMessage());
  }

  @Test
  void schemesAreStrippedFromUrlsOnly() {
    assertEquals("127.0.0.1:2379", GatewayCommand.stripScheme("http://127.0.0.1:2379"));
    assertEquals("a.example.com:2379", GatewayCommand.stripScheme("https://a.example.com:2379"));
    assertEquals("127.0.0.1:2379", GatewayCommand.stripScheme("127.0.0.1:2379"));
    assertEquals("localhost:2379", GatewayCommand.stripScheme("localhost:2379"));
  }
}
