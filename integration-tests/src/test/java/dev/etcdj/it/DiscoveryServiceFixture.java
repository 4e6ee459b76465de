package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Processes for discovery tests: a real etcd 3.4 with {@code --enable-v2} as the discovery
 * service, and cluster members (ours or real) started with only {@code --discovery} and their
 * own URLs, each on its own loopback address.
 */
final class DiscoveryServiceFixture {
  // HTTP/1.1 as curl speaks it: no h2c upgrade offer, which Go's reverse proxy (discovery.etcd.io) passes on
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private DiscoveryServiceFixture() {}

  /** Real etcd on 127.0.0.1 serving the v2 keys API. */
  static ServerProcess startV2Etcd(Path dataDir) {
    return startV2Etcd(ServerProcess.realEtcd(), dataDir);
  }

  /** {@code binary} (real etcd or ours) as a one-member cluster on 127.0.0.1 serving the v2 keys API. */
  static ServerProcess startV2Etcd(Path binary, Path dataDir) {
    int client = ServerProcess.freePort();
    int peer = ServerProcess.freePort();
    return ServerProcess.start(binary, dataDir, client, peer, "--name", "disco", "--enable-v2",
        "--initial-cluster", "disco=http://127.0.0.1:" + peer);
  }

  /** {@code curl -X PUT <url>/_config/size -d value=<size>}. */
  static HttpResponse<String> putSize(String discoveryUrl, String size) {
    return send(HttpRequest.newBuilder(URI.create(discoveryUrl + "/_config/size"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("value=" + size)).build());
  }

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build());
  }

  private static HttpResponse<String> send(HttpRequest req) {
    try {
      return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A member on {@code ip} that learns its cluster from {@code discoveryUrl}; not yet waited for. */
  static ServerProcess launchMember(Path binary, Path dataDir, String name, String ip, int clientPort, int peerPort,
      String discoveryUrl, String... extra) {
    String client = "http://" + ip + ":" + clientPort;
    String peer = "http://" + ip + ":" + peerPort;
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--name", name, "--data-dir", dataDir.toString(),
        "--initial-advertise-peer-urls", peer, "--listen-peer-urls", peer,
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--discovery", discoveryUrl));
    cmd.addAll(List.of(extra));
    return ServerProcess.exec(cmd, clientPort, dataDir);
  }

  /**
   * Starts three of our members on 127.0.0.10-12 from {@code discoveryUrl} and checks they form
   * one cluster: the same cluster ID everywhere, three members listed, three registrations.
   */
  static void assertThreeMembersBootstrap(Path dir, String discoveryUrl) {
    List<ServerProcess> members = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        members.add(launchMember(ServerProcess.ourEtcd(), dir.resolve("m" + i), "m" + i,
            "127.0.0.1" + i, ServerProcess.freePort(), ServerProcess.freePort(), discoveryUrl));
      }
      ServerProcess.awaitAllReady(members);
      String id = clusterId(members.get(0), "127.0.0.10:" + members.get(0).clientPort());
      for (int i = 0; i < 3; i++) {
        String ep = "127.0.0.1" + i + ":" + members.get(i).clientPort();
        assertEquals(id, clusterId(members.get(i), ep));
        assertEquals(3, Etcdctl.run(ep, "member", "list").stdout().lines().count());
      }
      String registered = get(discoveryUrl).body();
      assertEquals(3, registered.split("\"createdIndex\"").length - 2, registered);
    } finally {
      members.forEach(ServerProcess::close);
    }
  }

  /** The cluster ID a member reports in its response headers (hex). */
  static String clusterId(ServerProcess member, String endpoint) {
    Etcdctl.Result r = Etcdctl.run(endpoint, "endpoint", "status", "-w", "json");
    Matcher m = Pattern.compile("\"cluster_id\":(\\d+)").matcher(r.stdout());
    if (!m.find()) {
      throw new IllegalStateException("no cluster_id in " + r + "\n" + member.output());
    }
    return Long.toHexString(Long.parseUnsignedLong(m.group(1)));
  }
}
