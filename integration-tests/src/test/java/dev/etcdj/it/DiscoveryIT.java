package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrapping from an etcd v2 discovery URL (S13-S20 of the clustering spec), with real etcd
 * 3.4 {@code --enable-v2} as the discovery service, as in the guide's private discovery setup.
 */
class DiscoveryIT {
  private static final Duration EXIT = Duration.ofSeconds(90);
  private static final Path TINYPROXY = Path.of("/usr/bin/tinyproxy");

  @TempDir
  static Path tmp;
  private static ServerProcess disco;
  private final List<ServerProcess> members = new ArrayList<>();
  private static int tokens;

  @BeforeAll
  static void startDiscoveryService() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(),
        "needs Debian's etcd-server and etcd-client (apt-get install etcd-server etcd-client)");
    disco = DiscoveryServiceFixture.startV2Etcd(tmp.resolve("disco"));
  }

  @AfterAll
  static void stopDiscoveryService() {
    if (disco != null) {
      disco.close();
    }
  }

  @AfterEach
  void stopMembers() {
    members.forEach(ServerProcess::close);
  }

  /** A new discovery URL, with {@code curl -X PUT .../_config/size -d value=size} unless size is null. */
  private static String newDiscoveryUrl(String size) {
    String url = disco.url() + "/v2/keys/discovery/token" + (++tokens) + "x" + System.nanoTime();
    if (size != null) {
      assertEquals(201, DiscoveryServiceFixture.putSize(url, size).statusCode());
    }
    return url;
  }

  private ServerProcess launch(Path binary, String name, String ip, String durl, String... extra) {
    ServerProcess p = DiscoveryServiceFixture.launchMember(binary, tmp.resolve(name + "-" + tokens), name, ip,
        ServerProcess.freePort(), ServerProcess.freePort(), durl, extra);
    members.add(p);
    return p;
  }

  private static String endpoint(ServerProcess p, String ip) {
    return ip + ":" + p.clientPort();
  }

  @Test
  void threeMembersFormOneClusterAndAFourthFindsItFull() {
    String durl = newDiscoveryUrl("3");
    List<ServerProcess> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(launch(ServerProcess.ourEtcd(), "infra" + i, "127.0.0.1" + i, durl));
    }
    ServerProcess.awaitAllReady(three);

    String clusterId = DiscoveryServiceFixture.clusterId(three.get(0), endpoint(three.get(0), "127.0.0.10"));
    for (int i = 0; i < 3; i++) {
      String ep = endpoint(three.get(i), "127.0.0.1" + i);
      assertEquals(clusterId, DiscoveryServiceFixture.clusterId(three.get(i), ep), three.get(i).output());
      String list = Etcdctl.run(ep, "member", "list").stdout();
      assertEquals(3, list.lines().count(), list);
      for (int j = 0; j < 3; j++) {
        assertTrue(list.contains(", started, infra" + j + ", http://127.0.0.1" + j + ":"), list);
      }
    }
    assertTrue(three.get(0).output().contains("found 3 needed peer(s)"), three.get(0).output());
    assertEquals(0, Etcdctl.run(endpoint(three.get(0), "127.0.0.10"), "put", "k", "v").exitCode());
    assertEquals("k\nv\n", Etcdctl.run(endpoint(three.get(2), "127.0.0.12"), "get", "k").stdout());

    ServerProcess exit = launch(ServerProcess.ourEtcd(), "infra3", "127.0.0.13", durl, "--discovery-fallback", "exit");
    assertEquals(1, exit.awaitExit(EXIT), exit.output());
    assertTrue(exit.output().contains("E | etcdmain: failed to join discovery cluster (discovery: cluster is full)"),
        exit.output());
    assertTrue(exit.output().contains("etcd: failed to join discovery cluster (discovery: cluster is full)"),
        exit.output());

    ServerProcess proxy = launch(ServerProcess.ourEtcd(), "infra4", "127.0.0.14", durl);
    assertEquals(1, proxy.awaitExit(EXIT), proxy.output());
    assertTrue(proxy.output().contains("discovery cluster full, falling back to proxy"), proxy.output());
    assertTrue(proxy.output().contains("etcdj does not support"), proxy.output());
    assertFalse(Files.exists(tmp.resolve("infra4-" + tokens).resolve("member")), "no data dir for a refused member");
  }

  @Test
  void restartIgnoresTheDiscoveryUrl() {
    String durl = newDiscoveryUrl("1");
    Path data = tmp.resolve("solo");
    int client = ServerProcess.freePort();
    int peer = ServerProcess.freePort();
    ServerProcess first = DiscoveryServiceFixture.launchMember(ServerProcess.ourEtcd(), data, "solo", "127.0.0.10",
        client, peer, durl);
    members.add(first);
    first.awaitReady();
    String ep = endpoint(first, "127.0.0.10");
    String clusterId = DiscoveryServiceFixture.clusterId(first, ep);
    assertEquals(0, Etcdctl.run(ep, "put", "kept", "yes").exitCode());
    first.stop();

    // a discovery URL nobody serves: the restart must not need it
    ServerProcess again = DiscoveryServiceFixture.launchMember(ServerProcess.ourEtcd(), data, "solo", "127.0.0.10",
        client, peer, "http://127.0.0.1:1/v2/keys/discovery/gone");
    members.add(again);
    again.awaitReady();
    assertTrue(again.output().contains("W | etcdserver: discovery token ignored since a cluster has already been"
        + " initialized. Valid log found at \"" + data.resolve("member").resolve("wal") + "\""), again.output());
    assertEquals(clusterId, DiscoveryServiceFixture.clusterId(again, ep));
    assertEquals("kept\nyes\n", Etcdctl.run(ep, "get", "kept").stdout());
  }

  /** S18: ETCD_DISCOVERY_PROXY sends the discovery traffic through an HTTP proxy (Debian's tinyproxy). */
  @Test
  void discoveryTrafficGoesThroughTheProxy() throws Exception {
    assumeTrue(Files.isExecutable(TINYPROXY), "needs Debian's tinyproxy");
    String durl = newDiscoveryUrl("1");
    int proxyPort = ServerProcess.freePort();
    Path log = tmp.resolve("tinyproxy.log");
    Path conf = Files.writeString(tmp.resolve("tinyproxy.conf"), "Port " + proxyPort + "\nListen 127.0.0.1\n"
        + "Timeout 600\nLogFile \"" + log + "\"\nLogLevel Info\nMaxClients 20\nAllow 127.0.0.1\n");
    Process proxy = new ProcessBuilder(TINYPROXY.toString(), "-d", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("tinyproxy.out").toFile()).start();
    try {
      String proxyUrl = "http://127.0.0.1:" + proxyPort;
      int client = ServerProcess.freePort();
      int peer = ServerProcess.freePort();
      List<String> cmd = List.of("/usr/bin/env", "ETCD_DISCOVERY_PROXY=" + proxyUrl, ServerProcess.ourEtcd().toString(),
          "--name", "proxied", "--data-dir", tmp.resolve("proxied").toString(),
          "--initial-advertise-peer-urls", "http://127.0.0.10:" + peer, "--listen-peer-urls", "http://127.0.0.10:" + peer,
          "--listen-client-urls", "http://127.0.0.10:" + client, "--advertise-client-urls", "http://127.0.0.10:" + client,
          "--discovery", durl);
      ServerProcess p = ServerProcess.exec(cmd, client, tmp.resolve("proxied"));
      members.add(p);
      p.awaitReady();
      assertTrue(p.output().contains("I | discovery: using proxy \"" + proxyUrl + "\""), p.output());
      String proxied = Files.readString(log);
      assertTrue(proxied.contains("GET " + durl + "/_config/size?"), proxied);
      assertTrue(proxied.contains("PUT " + durl + "/"), proxied);
      assertEquals(1, Etcdctl.run("127.0.0.10:" + client, "member", "list").stdout().lines().count());
    } finally {
      proxy.destroy();
      proxy.waitFor();
    }
  }

  /** An unreachable discovery service is retried with back-off until it answers. */
  @Test
  void unreachableServiceIsRetriedUntilItAnswers() {
    int client = ServerProcess.freePort();
    int peer = ServerProcess.freePort();
    String durl = "http://127.0.0.1:" + client + "/v2/keys/discovery/late";
    ServerProcess member = launch(ServerProcess.ourEtcd(), "patient", "127.0.0.10", durl);
    for (int i = 0; i < 600 && !member.output().contains("retrying in 2s"); i++) {
      ServerProcess.sleep(100);
    }
    assertTrue(member.output().contains("I | discovery: cluster status check: error connecting to http://127.0.0.1:"
        + client + ", retrying in 2s"), member.output());
    assertTrue(member.output().contains("E | discovery: error #0: dial tcp 127.0.0.1:" + client
        + ": connect: connection refused"), member.output());
    try (ServerProcess late = ServerProcess.start(ServerProcess.realEtcd(), tmp.resolve("late"), client, peer,
        "--name", "late", "--enable-v2", "--initial-cluster", "late=http://127.0.0.1:" + peer)) {
      assertEquals(201, DiscoveryServiceFixture.putSize(durl, "1").statusCode());
      member.awaitReady();
      assertEquals(1, Etcdctl.run("127.0.0.10:" + member.clientPort(), "member", "list").stdout().lines().count());
    }
  }

  @Test
  void missingSizeKeyEndsTheStart() {
    String durl = newDiscoveryUrl(null);
    ServerProcess p = launch(ServerProcess.ourEtcd(), "infra0", "127.0.0.10", durl);
    assertEquals(1, p.awaitExit(EXIT), p.output());
    assertTrue(p.output().contains("etcd: error: the cluster doesn't have a size configuration value in "
        + durl + "/_config"), p.output());
    assertTrue(p.output().contains("E | etcdmain: failed to join discovery cluster (100: Key not found ("),
        p.output());
    assertTrue(p.output().contains("I | etcdmain: discovery token " + durl
        + " was used, but failed to bootstrap the cluster."), p.output());
  }

  @Test
  void duplicateNamesAreRefused() {
    String durl = newDiscoveryUrl("2");
    ServerProcess a = launch(ServerProcess.ourEtcd(), "dup", "127.0.0.10", durl);
    ServerProcess b = launch(ServerProcess.ourEtcd(), "dup", "127.0.0.11", durl);
    for (ServerProcess p : List.of(a, b)) {
      assertEquals(1, p.awaitExit(EXIT), p.output());
      assertTrue(p.output().contains("E | etcdmain: member with duplicated name has registered with discovery"
          + " service token(" + durl + ")."), p.output());
      assertTrue(p.output().contains("more than one member registered with the name dup; every member needs a"
          + " unique --name"), p.output());
    }
  }

  /**
   * Two real etcd members and one of ours register at one discovery URL and agree on the
   * initial cluster: the same member IDs and cluster ID (the URL is the cluster token). Our
   * peer transport is not etcd's rafthttp, so ours cannot exchange Raft messages with them; the
   * two real members hold a quorum and list ours with our ID.
   */
  @Test
  void realEtcdMembersAndOursComputeTheSameCluster() {
    String durl = newDiscoveryUrl("3");
    ServerProcess real0 = launch(ServerProcess.realEtcd(), "real0", "127.0.0.10", durl);
    ServerProcess ours = launch(ServerProcess.ourEtcd(), "ours1", "127.0.0.11", durl);
    ServerProcess real2 = launch(ServerProcess.realEtcd(), "real2", "127.0.0.12", durl);
    real0.awaitReady();
    real2.awaitReady();
    Pattern starting = Pattern.compile("starting member ([0-9a-f]+) in cluster ([0-9a-f]+)");
    Matcher m = starting.matcher(ours.output());
    for (int i = 0; i < 600 && !m.find(); i++) {
      ServerProcess.sleep(100);
      m = starting.matcher(ours.output());
    }
    assertTrue(m.find(0), ours.output());
    String ourId = m.group(1);
    String ourCluster = m.group(2);

    assertEquals(ourCluster, DiscoveryServiceFixture.clusterId(real0, endpoint(real0, "127.0.0.10")));
    assertEquals(ourCluster, DiscoveryServiceFixture.clusterId(real2, endpoint(real2, "127.0.0.12")));
    String list = Etcdctl.run(endpoint(real0, "127.0.0.10"), "member", "list").stdout();
    assertEquals(3, list.lines().count(), list);
    // named from the discovered initial cluster; no client URLs, as ours never publishes to them
    assertTrue(list.contains(ourId + ", started, ours1, http://127.0.0.11:"), list);
    String registered = DiscoveryServiceFixture.get(durl).body();
    assertTrue(registered.contains("/" + ourId + "\",\"value\":\"ours1=http://127.0.0.11:"), registered);
  }
}
