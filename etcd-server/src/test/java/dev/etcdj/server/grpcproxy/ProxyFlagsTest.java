package dev.etcdj.server.grpcproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyFlagsTest {
  static ProxyConfig start(String... args) {
    return assertInstanceOf(ProxyFlags.Start.class, ProxyFlags.parse(args)).config();
  }

  @Test
  void defaultsAreEtcds() {
    ProxyConfig c = start("start");
    assertEquals("127.0.0.1:23790", c.listenAddr());
    assertEquals(List.of("127.0.0.1:2379"), c.endpoints());
    assertEquals("127.0.0.1:23790", c.advertiseClientUrl());
    assertEquals(1572864, c.maxSendBytes());
    assertEquals(Integer.MAX_VALUE, c.maxRecvBytes());
    assertEquals("default.proxy", c.dataDir());
  }

  @Test
  void pflagSyntax() {
    ProxyConfig c = start("start", "--endpoints=a:1,b:2", "--listen-addr", "127.0.0.1:1", "--insecure-skip-tls-verify",
        "--resolver-ttl=5", "--debug=false", "--namespace", "ns/");
    assertEquals(List.of("a:1", "b:2"), c.endpoints());
    assertEquals("127.0.0.1:1", c.listenAddr());
    assertTrue(c.insecureSkipTlsVerify());
    assertEquals(5, c.resolverTtl());
    assertEquals("ns/", c.namespace());
  }

  @Test
  void unknownFlagPrintsCobrasErrorAndUsage() {
    ProxyFlags.Exit e = assertInstanceOf(ProxyFlags.Exit.class, ProxyFlags.parse(new String[] {"start", "--bogus"}));
    assertEquals(1, e.code());
    assertTrue(e.stderr().startsWith("Error: unknown flag: --bogus\nUsage:\n  etcd grpc-proxy start [flags]\n"));
    assertTrue(e.stderr().endsWith("CA bundle\n\nunknown flag: --bogus"));
  }

  @Test
  void badNumberAndMissingValue() {
    ProxyFlags.Exit e = (ProxyFlags.Exit) ProxyFlags.parse(new String[] {"start", "--resolver-ttl=x"});
    assertTrue(e.stderr().endsWith(
        "invalid argument \"x\" for \"--resolver-ttl\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"));
    e = (ProxyFlags.Exit) ProxyFlags.parse(new String[] {"start", "--listen-addr"});
    assertTrue(e.stderr().endsWith("flag needs an argument: --listen-addr"));
  }

  @Test
  void helpGoesToStdout() {
    ProxyFlags.Exit e = (ProxyFlags.Exit) ProxyFlags.parse(new String[] {"start", "--help"});
    assertEquals(0, e.code());
    assertTrue(e.stdout().startsWith("start the grpc proxy\n\nUsage:\n"));
    e = (ProxyFlags.Exit) ProxyFlags.parse(new String[0]);
    assertTrue(e.stdout().startsWith("grpc-proxy related command\n"));
  }

  @Test
  void resolverFlagsGoTogether() {
    assertEquals("invalid resolver-ttl 0", GrpcProxyMain.checkArgs(start("start", "--resolver-prefix=p")));
    assertEquals("invalid resolver-prefix \"\"", GrpcProxyMain.checkArgs(start("start", "--resolver-ttl=3")));
  }
}
