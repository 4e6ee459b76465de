package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's DNS discovery (S21, S22, S25-S27): members bootstrap from SRV records served by
 * a real dnsmasq in a namespace of their own, and Debian's etcdctl finds them the same way.
 */
class SrvDiscoveryIT {
  @TempDir
  Path tmp;

  @BeforeAll
  static void requirements() {
    DnsNamespace.assumeAvailable();
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** A member of ours started with --discovery-srv, inside the namespace. */
  static ServerProcess member(DnsNamespace ns, Path root, int i, String advertiseHost, int peerPort, int clientPort,
      String... extra) {
    return member(ns, root, "http", i, advertiseHost, peerPort, clientPort, extra);
  }

  static ServerProcess member(DnsNamespace ns, Path root, String scheme, int i, String advertiseHost, int peerPort,
      int clientPort, String... extra) {
    String ip = "127.0.0." + (10 + i);
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(),
        "--name", "infra" + i, "--data-dir", root.resolve("infra" + i).toString(),
        "--discovery-srv", "example.com",
        "--initial-advertise-peer-urls", scheme + "://" + advertiseHost + ":" + peerPort,
        "--initial-cluster-token", "etcd-cluster-1", "--initial-cluster-state", "new",
        "--advertise-client-urls", scheme + "://" + advertiseHost + ":" + clientPort,
        "--listen-client-urls", scheme + "://" + ip + ":" + clientPort,
        "--listen-peer-urls", scheme + "://" + ip + ":" + peerPort,
        "--heartbeat-interval", "50", "--election-timeout", "500"));
    cmd.addAll(List.of(extra));
    return ServerProcess.exec(ns.exec(cmd), clientPort, root.resolve("infra" + i));
  }

  static Result run(DnsNamespace ns, List<String> cmd) {
    try {
      ProcessBuilder pb = new ProcessBuilder(ns.exec(cmd));
      pb.environment().putAll(Map.of("ETCDCTL_API", "3"));
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not finish");
      }
      return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result debianEtcdctl(DnsNamespace ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Etcdctl.BINARY.toString()));
    cmd.addAll(List.of(args));
    return run(ns, cmd);
  }

  static Result ourEtcdctl(DnsNamespace ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().resolveSibling("etcdctl").toString()));
    cmd.addAll(List.of(args));
    return run(ns, cmd);
  }

  static List<String> records(String serverService, String clientService, int peerPort, int clientPort,
      int... members) {
    List<String> lines = new ArrayList<>();
    for (int m : members) {
      lines.add(DnsNamespace.srv(serverService, m, peerPort));
      lines.add(DnsNamespace.srv(clientService, m, clientPort));
    }
    return lines;
  }

  @Test
  void threeMembersBootstrapFromSrvRecordsOverHttp() throws Exception {
    List<String> dns = new ArrayList<>(DnsNamespace.hosts(3));
    dns.addAll(records("etcd-server", "etcd-client", 2380, 2379, 0, 1, 2));
    try (DnsNamespace ns = DnsNamespace.start(tmp, dns)) {
      // the guide shows both forms: members advertising host names, and members advertising IPs
      List<ServerProcess> members = List.of(
          member(ns, tmp, 0, "infra0.example.com", 2380, 2379),
          member(ns, tmp, 1, "127.0.0.11", 2380, 2379),
          member(ns, tmp, 2, "infra2.example.com", 2380, 2379));
      try {
        Readiness.awaitAll(members);
        String log = members.get(0).output();
        assertTrue(log.contains("got bootstrap from DNS for etcd-server at infra0=http://infra0.example.com:2380"), log);
        assertTrue(log.contains("lookup _etcd-server-ssl._tcp.example.com on 127.0.0.53:53: no such host"), log);

        Result list = debianEtcdctl(ns, "--discovery-srv", "example.com", "member", "list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(3, list.stdout().lines().count(), list.stdout());
        for (int i = 0; i < 3; i++) {
          String host = i == 1 ? "127.0.0.11" : "infra" + i + ".example.com";
          assertTrue(list.stdout().contains(", started, infra" + i + ", http://infra" + i + ".example.com:2380, http://"
              + host + ":2379, false"), list.stdout());
        }

        Result put = debianEtcdctl(ns, "--discovery-srv", "example.com", "put", "guide", "dns");
        assertEquals("OK\n", put.stdout(), put.stderr());
        for (int i = 0; i < 3; i++) {
          Result get = debianEtcdctl(ns, "--endpoints", "infra" + i + ".example.com:2379", "get", "guide");
          assertEquals("guide\ndns\n", get.stdout(), get.stderr());
        }
        Result ours = ourEtcdctl(ns, "--discovery-srv", "example.com", "get", "guide", "--print-value-only");
        assertEquals("dns\n", ours.stdout(), ours.stderr());
        Result endpoints = ourEtcdctl(ns, "-d", "example.com", "endpoint", "health");
        assertEquals(0, endpoints.exitCode(), endpoints.stderr());
        assertEquals(3, endpoints.stderr().lines().filter(l -> l.contains("is healthy")).count(), endpoints.stderr());

        // the gateway finds the client endpoints the same way (S29 with --discovery-srv)
        try (ServerProcess gateway = ServerProcess.exec(ns.exec(List.of(ServerProcess.ourEtcd().toString(), "gateway",
            "start", "--discovery-srv", "example.com", "--insecure-discovery", "--listen-addr", "127.0.0.1:23790")),
            23790, tmp)) {
          GatewayIT.await(() -> gateway.output().contains("ready to proxy client requests"), gateway, "gateway");
          assertTrue(gateway.output().contains("ready to proxy client requests to [infra0.example.com.:2379 "
              + "infra1.example.com.:2379 infra2.example.com.:2379]"), gateway.output());
          Result viaGateway = debianEtcdctl(ns, "--endpoints", "127.0.0.1:23790", "get", "guide");
          assertEquals("guide\ndns\n", viaGateway.stdout(), viaGateway.stderr());
        }
      } finally {
        members.forEach(ServerProcess::close);
      }
    }
  }

  @Test
  void srvNameSeparatesTwoClustersUnderOneDomain() throws Exception {
    List<String> dns = new ArrayList<>(DnsNamespace.hosts(3));
    dns.addAll(records("etcd-server-foo", "etcd-client-foo", 2380, 2379, 0, 1));
    dns.addAll(records("etcd-server-bar", "etcd-client-bar", 3380, 3379, 2));
    try (DnsNamespace ns = DnsNamespace.start(tmp, dns)) {
      List<ServerProcess> members = List.of(
          member(ns, tmp, 0, "infra0.example.com", 2380, 2379, "--discovery-srv-name", "foo"),
          member(ns, tmp, 1, "infra1.example.com", 2380, 2379, "--discovery-srv-name", "foo"),
          member(ns, tmp, 2, "infra2.example.com", 3380, 3379, "--discovery-srv-name", "bar"));
      try {
        Readiness.awaitAll(members);
        assertEquals("OK\n", debianEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "foo",
            "put", "k", "foo").stdout());
        assertEquals("OK\n", debianEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "bar",
            "put", "k", "bar").stdout());
        Result foo = debianEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "foo", "member", "list");
        Result bar = ourEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "bar", "member", "list");
        assertEquals(2, foo.stdout().lines().count(), foo.stdout() + foo.stderr());
        assertEquals(1, bar.stdout().lines().count(), bar.stdout() + bar.stderr());
        assertTrue(bar.stdout().contains("infra2, http://infra2.example.com:3380"), bar.stdout());
        assertEquals("foo\n", debianEtcdctl(ns, "--endpoints", "infra1.example.com:2379", "get", "k",
            "--print-value-only").stdout());
        assertEquals("bar\n", debianEtcdctl(ns, "--endpoints", "infra2.example.com:3379", "get", "k",
            "--print-value-only").stdout());
        String fooCluster = clusterId(debianEtcdctl(ns, "--endpoints", "infra0.example.com:2379", "endpoint",
            "status", "-w", "json"));
        String barCluster = clusterId(debianEtcdctl(ns, "--endpoints", "infra2.example.com:3379", "endpoint",
            "status", "-w", "json"));
        assertNotEquals(fooCluster, barCluster);
      } finally {
        members.forEach(ServerProcess::close);
      }
    }
  }

  @Test
  void tlsClusterFromSslRecordsAuthenticatesTheDomain() throws Exception {
    TestCerts certs = new TestCerts(tmp);
    List<TestCerts.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pairs.add(certs.issue("infra" + i, "infra" + i + ".example.com", "example.com", "127.0.0." + (10 + i)));
    }
    TestCerts.Pair withoutDomain = certs.issue("stranger", "infra2.example.com", "127.0.0.12");
    List<String> dns = new ArrayList<>(DnsNamespace.hosts(3));
    dns.addAll(records("etcd-server-ssl", "etcd-client-ssl", 2380, 2379, 0, 1, 2));
    try (DnsNamespace ns = DnsNamespace.start(tmp, dns)) {
      List<ServerProcess> members = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          TestCerts.Pair p = pairs.get(i);
          members.add(member(ns, tmp, "https", i, "infra" + i + ".example.com", 2380, 2379,
              "--peer-cert-file", p.cert().toString(), "--peer-key-file", p.key().toString(),
              "--peer-trusted-ca-file", certs.caFile.toString(), "--peer-client-cert-auth",
              "--cert-file", p.cert().toString(), "--key-file", p.key().toString()));
        }
        Readiness.awaitAll(members);
        assertTrue(members.get(1).output().contains(
            "got bootstrap from DNS for etcd-server at infra1=https://infra1.example.com:2380"), members.get(1).output());

        // etcdctl checks the servers' certificates against the domain (ServerName) with --insecure-discovery=false
        Result list = debianEtcdctl(ns, "--discovery-srv", "example.com", "--insecure-discovery=false",
            "--cacert", certs.caFile.toString(), "member", "list");
        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(3, list.stdout().lines().filter(l -> l.contains(", started, infra")).count(), list.stdout());
        Result put = ourEtcdctl(ns, "-d", "example.com", "--insecure-discovery=false",
            "--cacert", certs.caFile.toString(), "put", "secure", "yes");
        assertEquals("OK\n", put.stdout(), put.stderr());

        // a peer whose certificate lacks the SRV domain is refused during the handshake
        PeerHandshake good = PeerHandshake.attempt(ns, certs.caFile, pairs.get(2), "127.0.0.10", 2380);
        assertTrue(good.accepted(), good.toString());
        PeerHandshake bad = PeerHandshake.attempt(ns, certs.caFile, withoutDomain, "127.0.0.10", 2380);
        assertTrue(!bad.accepted() && bad.output().contains("alert"), bad.toString());
        ServerProcess infra0 = members.get(0);
        GatewayIT.await(() -> infra0.output().contains("ServerName \"example.com\")"), infra0,
            "etcd's log line for the refused peer");
        assertTrue(infra0.output().contains("rejected connection from \"127.0.0."), infra0.output());
      } finally {
        members.forEach(ServerProcess::close);
      }
    }
  }

  private static String clusterId(Result status) {
    int at = status.stdout().indexOf("\"cluster_id\":");
    assertTrue(at >= 0, status.stdout() + status.stderr());
    return status.stdout().substring(at, status.stdout().indexOf(',', at));
  }

  @Test
  void bootstrapErrorsSayWhatWasLookedUpAndWhatCameBack() throws Exception {
    List<String> dns = new ArrayList<>(DnsNamespace.hosts(4));
    dns.addAll(records("etcd-server", "etcd-client", 2380, 2379, 0, 1, 2));
    // a forged record: an https target outside the discovery domain
    dns.add("host-record=infra0.example.org,127.0.0.10");
    dns.add("srv-host=_etcd-server-ssl-forged._tcp.example.com,infra0.example.org,2380,0,0");
    try (DnsNamespace ns = DnsNamespace.start(tmp, dns)) {
      // infra3 resolves, but no SRV record points at it
      ServerProcess stranger = member(ns, tmp, 3, "infra3.example.com", 2380, 2379);
      assertEquals(1, stranger.awaitExit(Duration.ofSeconds(60)));
      assertTrue(stranger.output().contains("etcd: error setting up initial cluster: cannot find local etcd member "
          + "\"infra3\" in SRV records (found 0=http://infra0.example.com:2380,1=http://infra1.example.com:2380,"
          + "2=http://infra2.example.com:2380; --initial-advertise-peer-urls [http://infra3.example.com:2380] "
          + "resolve to [127.0.0.13:2380])"), stranger.output());

      ServerProcess noRecords = member(ns, tmp, 0, "infra0.example.com", 2380, 2379, "--discovery-srv-name", "none");
      assertEquals(1, noRecords.awaitExit(Duration.ofSeconds(60)));
      assertTrue(noRecords.output().contains("etcd: error setting up initial cluster: error querying DNS SRV records "
          + "for _etcd-server-ssl-none and _etcd-server-none: "
          + "lookup _etcd-server-ssl-none._tcp.example.com on 127.0.0.53:53: no such host; "
          + "lookup _etcd-server-none._tcp.example.com on 127.0.0.53:53: no such host"), noRecords.output());

      // S24: without --peer-trusted-ca-file every https target must be inside the SRV domain
      TestCerts.Pair cert = new TestCerts(tmp).issue("infra0", "infra0.example.com", "example.com", "127.0.0.10");
      ServerProcess forged = member(ns, tmp, "https", 0, "127.0.0.10", 2380, 2379, "--discovery-srv-name", "forged",
          "--peer-cert-file", cert.cert().toString(), "--peer-key-file", cert.key().toString(),
          "--cert-file", cert.cert().toString(), "--key-file", cert.key().toString());
      assertEquals(1, forged.awaitExit(Duration.ofSeconds(60)));
      assertTrue(forged.output().contains("etcd: error setting up initial cluster: SRV target infra0.example.org "
          + "is outside the discovery domain example.com"), forged.output());

      Result hostListen = run(ns, List.of(ServerProcess.ourEtcd().toString(), "--discovery-srv", "example.com",
          "--listen-peer-urls", "http://infra0.example.com:2380"));
      assertEquals(1, hostListen.exitCode());
      assertTrue(hostListen.stderr().contains(
          "expected IP in URL for binding (http://infra0.example.com:2380)"), hostListen.stderr());

      Result noClients = debianEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "none", "get", "k");
      Result oursNoClients = ourEtcdctl(ns, "-d", "example.com", "--discovery-srv-name", "none", "get", "k");
      assertEquals(noClients.exitCode(), oursNoClients.exitCode());
      assertEquals(noClients.stderr(), oursNoClients.stderr());
    }
  }
}
