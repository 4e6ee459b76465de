package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clustering guide's TLS set-ups (S7-S9) as three members of ours on 127.0.0.10-12 with https
 * client and peer URLs, driven by Debian's etcdctl: a self-signed CA authenticating clients and
 * peers, auto-TLS on both sides, and a client CA with peer auto-TLS.
 */
class TlsGuideIT {
  private static final String[] FAIL_FAST = {"--dial-timeout=3s", "--command-timeout=5s"};

  @TempDir
  Path tmp;

  private final List<ServerProcess> processes = new ArrayList<>();

  /**
   * One member of the guide: https on its own address and, as in the guide, on 127.0.0.1 too
   * (on a port of its own, since the three share this machine).
   */
  record Member(String name, String ip, int clientPort, int localClientPort, int peerPort) {
    static Member of(int i) {
      String ip = "127.0.0." + (10 + i);
      return new Member("infra" + i, ip, ServerProcess.freePort(ip), ServerProcess.freePort("127.0.0.1"),
          ServerProcess.freePort(ip));
    }

    String clientUrl() {
      return "https://" + ip + ":" + clientPort;
    }

    String localClientUrl() {
      return "https://127.0.0.1:" + localClientPort;
    }

    String peerUrl() {
      return "https://" + ip + ":" + peerPort;
    }

    String endpoint() {
      return ip + ":" + clientPort;
    }
  }

  @BeforeAll
  static void requirements() {
    assumeTrue(Etcdctl.installed(), "Debian's etcdctl is not installed");
  }

  @AfterEach
  void stopAll() {
    processes.forEach(ServerProcess::close);
  }

  @Test
  void selfSignedCaAuthenticatesClientsAndPeersAndRefusesAJoinerFromAnotherCa() throws Exception {
    TestCerts ca = new TestCerts(dir("ca"), "etcd-cluster-1 CA");
    List<Member> members = guideMembers();
    List<List<String>> flags = new ArrayList<>();
    for (Member m : members) {
      TestCerts.Pair client = ca.issue(m.name() + "-client", m.ip(), "127.0.0.1", "localhost");
      TestCerts.Pair peer = ca.issue(m.name() + "-peer", m.ip(), "127.0.0.1", "localhost");
      flags.add(List.of("--client-cert-auth", "--trusted-ca-file=" + ca.caFile,
          "--cert-file=" + client.cert(), "--key-file=" + client.key(),
          "--peer-client-cert-auth", "--peer-trusted-ca-file=" + ca.caFile,
          "--peer-cert-file=" + peer.cert(), "--peer-key-file=" + peer.key()));
    }
    startCluster(members, m -> flags.get(members.indexOf(m)));
    TestCerts.Pair user = ca.issue("etcdctl", "localhost");
    String[] tls = {"--cacert", ca.caFile.toString(), "--cert", user.cert().toString(), "--key", user.key().toString()};

    putOnOneReadFromAll(members, tls);
    assertEquals("guide\ntls\n", GrpcProxyTlsIT.ctl(members.get(1).localClientUrl(), tls, "get", "guide").stdout());
    Etcdctl.Result list = GrpcProxyTlsIT.ctl(members.get(0).clientUrl(), tls, "member", "list");
    for (Member m : members) {
      assertTrue(list.stdout().contains(", started, " + m.name() + ", " + m.peerUrl() + ", " + m.clientUrl() + ", false"),
          list.stdout());
    }

    // a client with no certificate, and a plaintext client, are refused on the https port
    Etcdctl.Result anonymous = GrpcProxyTlsIT.ctl(members.get(0).clientUrl(),
        new String[] {"--cacert", ca.caFile.toString(), FAIL_FAST[0], FAIL_FAST[1]}, "get", "guide");
    assertNotEquals(0, anonymous.exitCode(), anonymous.stdout());
    assertEquals("", anonymous.stdout());
    Etcdctl.Result plaintext = Etcdctl.run("http://" + members.get(1).endpoint(), FAIL_FAST[0], FAIL_FAST[1],
        "get", "guide");
    assertNotEquals(0, plaintext.exitCode(), plaintext.stdout());
    assertEquals("", plaintext.stdout());

    // a fourth member whose peer certificate comes from another CA cannot join
    TestCerts otherCa = new TestCerts(dir("other-ca"), "another CA");
    Member stranger = new Member("infra3", "127.0.0.13", ServerProcess.freePort("127.0.0.13"),
        ServerProcess.freePort("127.0.0.1"), ServerProcess.freePort("127.0.0.13"));
    Etcdctl.Result added = GrpcProxyTlsIT.ctl(members.get(0).clientUrl(), tls, "member", "add", "infra3",
        "--peer-urls=" + stranger.peerUrl());
    assertEquals(0, added.exitCode(), added.stderr());
    assertTrue(added.stdout().contains("Member ") && added.stdout().contains(" added to cluster "), added.stdout());
    TestCerts.Pair strangerClient = ca.issue("infra3-client", stranger.ip(), "127.0.0.1");
    TestCerts.Pair foreignPeer = otherCa.issue("infra3-peer", stranger.ip(), "127.0.0.1");
    List<Member> four = new ArrayList<>(members);
    four.add(stranger);
    ServerProcess joiner = launch(stranger, four, "existing", List.of("--client-cert-auth",
        "--trusted-ca-file=" + ca.caFile, "--cert-file=" + strangerClient.cert(), "--key-file=" + strangerClient.key(),
        "--peer-client-cert-auth", "--peer-trusted-ca-file=" + ca.caFile,
        "--peer-cert-file=" + foreignPeer.cert(), "--peer-key-file=" + foreignPeer.key()));
    assertNotEquals(0, joiner.awaitExit(Duration.ofMinutes(2)), joiner.output());
    assertTrue(joiner.output().contains("etcd: cannot fetch cluster info from peer urls: could not retrieve cluster"
        + " information from the given URLs"), joiner.output());
    assertFalse(joiner.output().contains("published"), joiner.output());
    assertTrue(processes.subList(0, 3).stream().anyMatch(p -> p.output().contains(
        "(error \"tls: failed to verify client certificate: x509: certificate signed by unknown authority\"")),
        processes.get(0).output());

    Etcdctl.Result after = GrpcProxyTlsIT.ctl(members.get(2).clientUrl(), tls, "member", "list");
    assertEquals(4, after.stdout().lines().count(), after.stdout());
    assertEquals(1, after.stdout().lines().filter(l -> l.contains(", unstarted, , " + stranger.peerUrl())).count(),
        after.stdout());
    assertEquals("OK\n", GrpcProxyTlsIT.ctl(members.get(2).clientUrl(), tls, "put", "still", "three").stdout());
    assertEquals("three\n", GrpcProxyTlsIT.ctl(members.get(0).clientUrl(), tls, "get", "still",
        "--print-value-only").stdout());

    // the same member with a peer certificate from the cluster's CA joins
    TestCerts.Pair ownPeer = ca.issue("infra3-peer", stranger.ip(), "127.0.0.1");
    ServerProcess member = launch(stranger, four, "existing", List.of("--client-cert-auth",
        "--trusted-ca-file=" + ca.caFile, "--cert-file=" + strangerClient.cert(), "--key-file=" + strangerClient.key(),
        "--peer-client-cert-auth", "--peer-trusted-ca-file=" + ca.caFile,
        "--peer-cert-file=" + ownPeer.cert(), "--peer-key-file=" + ownPeer.key()));
    Readiness.awaitAll(List.of(member));
    assertEquals("three\n", GrpcProxyTlsIT.ctl(stranger.clientUrl(), tls, "get", "still", "--print-value-only")
        .stdout());
    Etcdctl.Result joined = GrpcProxyTlsIT.ctl(members.get(1).clientUrl(), tls, "member", "list");
    assertTrue(joined.stdout().contains(", started, infra3, " + stranger.peerUrl() + ", " + stranger.clientUrl()),
        joined.stdout());
  }

  @Test
  void autoTlsOnBothSidesEncryptsAndKeepsItsCertificates() throws Exception {
    List<Member> members = guideMembers();
    startCluster(members, m -> List.of("--auto-tls", "--peer-auto-tls"));
    String[] insecure = {"--insecure-transport=false", "--insecure-skip-tls-verify"};

    putOnOneReadFromAll(members, insecure);
    // the certificates are self-signed: a client that verifies them refuses to talk
    Etcdctl.Result verifying = Etcdctl.run(members.get(0).endpoint(), "--insecure-transport=false",
        FAIL_FAST[0], FAIL_FAST[1], "get", "guide");
    assertNotEquals(0, verifying.exitCode(), verifying.stdout());
    Etcdctl.Result plaintext = Etcdctl.run("http://" + members.get(0).endpoint(), FAIL_FAST[0], FAIL_FAST[1],
        "get", "guide");
    assertNotEquals(0, plaintext.exitCode(), plaintext.stdout());

    for (Member m : members) {
      for (String side : List.of("client", "peer")) {
        Path fixtures = tmp.resolve(m.name()).resolve("fixtures").resolve(side);
        assertTrue(Files.isRegularFile(fixtures.resolve("cert.pem")), fixtures.toString());
        assertTrue(Files.isRegularFile(fixtures.resolve("key.pem")), fixtures.toString());
      }
    }

    Member restarted = members.get(1);
    Path fixtures = tmp.resolve(restarted.name()).resolve("fixtures");
    byte[] clientCert = Files.readAllBytes(fixtures.resolve("client/cert.pem"));
    byte[] clientKey = Files.readAllBytes(fixtures.resolve("client/key.pem"));
    byte[] peerCert = Files.readAllBytes(fixtures.resolve("peer/cert.pem"));
    byte[] peerKey = Files.readAllBytes(fixtures.resolve("peer/key.pem"));
    assertEquals(pemCertificate(clientCert), served(restarted.ip(), restarted.clientPort()));
    assertEquals(pemCertificate(peerCert), served(restarted.ip(), restarted.peerPort()));
    assertNotEquals(pemCertificate(clientCert), pemCertificate(peerCert));

    processes.get(1).stop();
    assertEquals("OK\n", Etcdctl.run(members.get(0).endpoint(), insecure[0], insecure[1], "put", "while", "down")
        .stdout());
    ServerProcess again = launch(restarted, members, "new", List.of("--auto-tls", "--peer-auto-tls"));
    again.awaitReady();

    assertArrayEquals(clientCert, Files.readAllBytes(fixtures.resolve("client/cert.pem")));
    assertArrayEquals(clientKey, Files.readAllBytes(fixtures.resolve("client/key.pem")));
    assertArrayEquals(peerCert, Files.readAllBytes(fixtures.resolve("peer/cert.pem")));
    assertArrayEquals(peerKey, Files.readAllBytes(fixtures.resolve("peer/key.pem")));
    assertEquals(pemCertificate(clientCert), served(restarted.ip(), restarted.clientPort()));
    assertEquals(pemCertificate(peerCert), served(restarted.ip(), restarted.peerPort()));
    assertEquals("down\n", Etcdctl.run(restarted.endpoint(), insecure[0], insecure[1], "get", "while",
        "--print-value-only").stdout());
  }

  @Test
  void clientCaWithPeerAutoTls() throws Exception {
    TestCerts ca = new TestCerts(dir("client-ca"), "etcd client CA");
    List<Member> members = guideMembers();
    List<TestCerts.Pair> serving = new ArrayList<>();
    for (Member m : members) {
      serving.add(ca.issue(m.name() + "-client", m.ip(), "127.0.0.1", "localhost"));
    }
    startCluster(members, m -> {
      TestCerts.Pair p = serving.get(members.indexOf(m));
      return List.of("--client-cert-auth", "--trusted-ca-file=" + ca.caFile,
          "--cert-file=" + p.cert(), "--key-file=" + p.key(), "--peer-auto-tls");
    });
    TestCerts.Pair user = ca.issue("etcdctl", "localhost");
    String[] tls = {"--cacert", ca.caFile.toString(), "--cert", user.cert().toString(), "--key", user.key().toString()};

    putOnOneReadFromAll(members, tls);
    Etcdctl.Result anonymous = GrpcProxyTlsIT.ctl(members.get(2).clientUrl(),
        new String[] {"--cacert", ca.caFile.toString(), FAIL_FAST[0], FAIL_FAST[1]}, "get", "guide");
    assertNotEquals(0, anonymous.exitCode(), anonymous.stdout());
    assertEquals("", anonymous.stdout());

    for (Member m : members) {
      Path data = tmp.resolve(m.name());
      assertTrue(Files.isRegularFile(data.resolve("fixtures/peer/cert.pem")), data.toString());
      assertFalse(Files.exists(data.resolve("fixtures/client")), data.toString());
      X509Certificate client = served(m.ip(), m.clientPort());
      assertEquals("CN=etcd client CA", client.getIssuerX500Principal().getName());
      X509Certificate peer = served(m.ip(), m.peerPort());
      assertEquals(peer.getSubjectX500Principal(), peer.getIssuerX500Principal());
      assertEquals(pemCertificate(Files.readAllBytes(data.resolve("fixtures/peer/cert.pem"))), peer);
    }
  }

  private List<Member> guideMembers() {
    return List.of(Member.of(0), Member.of(1), Member.of(2));
  }

  private void startCluster(List<Member> members, Function<Member, List<String>> tls) {
    List<ServerProcess> started = new ArrayList<>();
    for (Member m : members) {
      started.add(launch(m, members, "new", tls.apply(m)));
    }
    Readiness.awaitAll(started);
  }

  private ServerProcess launch(Member m, List<Member> cluster, String state, List<String> tls) {
    List<String> cmd = new ArrayList<>(List.of(ServerProcess.ourEtcd().toString(),
        "--name", m.name(), "--data-dir", tmp.resolve(m.name()).toString(),
        "--initial-advertise-peer-urls", m.peerUrl(),
        "--listen-peer-urls", m.peerUrl(),
        "--listen-client-urls", m.clientUrl() + "," + m.localClientUrl(),
        "--advertise-client-urls", m.clientUrl(),
        "--initial-cluster-token", "etcd-cluster-1",
        "--initial-cluster", cluster.stream().map(c -> c.name() + "=" + c.peerUrl()).collect(Collectors.joining(",")),
        "--initial-cluster-state", state,
        "--heartbeat-interval", "100", "--election-timeout", "1000"));
    cmd.addAll(tls);
    ServerProcess p = ServerProcess.exec(cmd, m.clientPort(), tmp.resolve(m.name()));
    processes.add(p);
    return p;
  }

  private static void putOnOneReadFromAll(List<Member> members, String[] tls) {
    Etcdctl.Result put = GrpcProxyTlsIT.ctl(members.get(0).clientUrl(), tls, "put", "guide", "tls");
    assertEquals("OK\n", put.stdout(), put.stderr());
    for (Member m : members) {
      Etcdctl.Result get = GrpcProxyTlsIT.ctl(m.clientUrl(), tls, "get", "guide");
      assertEquals("guide\ntls\n", get.stdout(), m.name() + ": " + get.stderr());
    }
  }

  private Path dir(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  private static X509Certificate pemCertificate(byte[] pem) throws Exception {
    try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** The certificate a TLS listener presents, taken without verifying it. */
  private static X509Certificate served(String host, int port) throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {trustAll}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port)) {
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }
}
