package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code etcd discovery-service} (S15): a discovery.etcd.io style service backed by a real etcd
 * 3.4 cluster's v2 keys API, whose URLs our members bootstrap from. Where Debian's
 * discovery.etcd.io is installed, the two answer the same requests alike.
 */
class DiscoveryServiceIT {
  private static final Path DEBIAN_SERVICE = Path.of("/usr/bin/discovery.etcd.io");

  @TempDir
  static Path tmp;
  private static ServerProcess backing;
  private static ServerProcess service;
  private static String serviceUrl;

  @BeforeAll
  static void start() {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(),
        "needs Debian's etcd-server and etcd-client (apt-get install etcd-server etcd-client)");
    backing = DiscoveryServiceFixture.startV2Etcd(tmp.resolve("backing"));
    service = startService(List.of(ServerProcess.ourEtcd().toString(), "discovery-service"), "--listen-addr");
    serviceUrl = "http://127.0.0.1:" + service.clientPort();
  }

  private static ServerProcess startService(List<String> command, String addrFlag) {
    int port = ServerProcess.freePort();
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(addrFlag, "127.0.0.1:" + port, "--" + (addrFlag.equals("--addr") ? "etcd" : "endpoints"),
        backing.url(), "--host", "http://127.0.0.1:" + port));
    ServerProcess p = ServerProcess.exec(cmd, port, null);
    for (int i = 0; i < 1200 && !p.output().contains("discovery serving on"); i++) {
      assertTrue(p.isAlive(), p.output());
      ServerProcess.sleep(50);
    }
    return p;
  }

  @AfterAll
  static void stop() {
    for (ServerProcess p : new ServerProcess[] {service, backing}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private static String token(String discoveryUrl) {
    return discoveryUrl.substring(discoveryUrl.lastIndexOf('/') + 1);
  }

  private static String storedSize(String token) {
    return DiscoveryServiceFixture.get(backing.url() + "/v2/keys/_etcd/registry/" + token + "/_config/size").body();
  }

  @Test
  void newHandsOutADiscoveryUrlForThreeByDefault() {
    HttpResponse<String> r = DiscoveryServiceFixture.get(serviceUrl + "/new");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().matches("http://127\\.0\\.0\\.1:" + service.clientPort() + "/[0-9a-f]{32}"), r.body());
    assertTrue(storedSize(token(r.body())).contains("\"value\":\"3\""), storedSize(token(r.body())));
    HttpResponse<String> five = DiscoveryServiceFixture.get(serviceUrl + "/new?size=5");
    assertTrue(storedSize(token(five.body())).contains("\"value\":\"5\""));
    // the token URL serves the directory through the backing cluster's keys API
    HttpResponse<String> size = DiscoveryServiceFixture.get(five.body() + "/_config/size");
    assertEquals(200, size.statusCode());
    assertTrue(size.body().contains("\"value\":\"5\""), size.body());
    assertTrue(size.headers().firstValue("X-Etcd-Index").isPresent(), size.headers().toString());
  }

  @Test
  void invalidSizeIsABadRequest() {
    HttpResponse<String> r = DiscoveryServiceFixture.get(serviceUrl + "/new?size=abc");
    assertEquals(400, r.statusCode());
    assertEquals("strconv.Atoi: parsing \"abc\": invalid syntax\n", r.body());
  }

  @Test
  void healthCreatesAndDeletesAToken() {
    HttpResponse<String> r = DiscoveryServiceFixture.get(serviceUrl + "/health");
    assertEquals(200, r.statusCode());
    assertEquals("OK", r.body());
  }

  @Test
  void threeMembersBootstrapFromAUrlItHandedOut() {
    DiscoveryServiceFixture.assertThreeMembersBootstrap(tmp, DiscoveryServiceFixture.get(serviceUrl + "/new?size=3").body());
  }


  @Test
  void answersLikeDebiansDiscoveryEtcdIo() throws Exception {
    assumeTrue(Files.isExecutable(DEBIAN_SERVICE) && Files.exists(Path.of("/etc/etcd-discovery/etcd-discovery.conf")),
        "needs Debian's etcd-discovery package");
    try (ServerProcess debian = startService(List.of(DEBIAN_SERVICE.toString()), "--addr")) {
      String debianUrl = "http://127.0.0.1:" + debian.clientPort();
      String ourToken = token(DiscoveryServiceFixture.get(serviceUrl + "/new?size=2").body());
      String theirToken = token(DiscoveryServiceFixture.get(debianUrl + "/new?size=2").body());
      List<String[]> requests = List.of(new String[] {"GET", "/new?size=abc"}, new String[] {"GET", "/new?size=1x"},
          new String[] {"GET", "/robots.txt"}, new String[] {"GET", "/nope"}, new String[] {"GET", "/"},
          new String[] {"DELETE", "/TOKEN"}, new String[] {"PUT", "/TOKEN/_config/size"},
          new String[] {"GET", "/TOKEN/_config/size"}, new String[] {"GET", "/TOKEN/absent"},
          new String[] {"GET", "/TOKEN?recursive=true"});
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      for (String[] req : requests) {
        HttpResponse<String> ours = http.send(HttpRequest.newBuilder(URI.create(serviceUrl
            + req[1].replace("TOKEN", ourToken))).method(req[0], HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> theirs = http.send(HttpRequest.newBuilder(URI.create(debianUrl
            + req[1].replace("TOKEN", theirToken))).method(req[0], HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        String what = req[0] + " " + req[1];
        assertEquals(theirs.statusCode(), ours.statusCode(), what);
        assertEquals(normalize(theirs.body(), theirToken), normalize(ours.body(), ourToken), what);
        assertEquals(theirs.headers().firstValue("Content-Type"), ours.headers().firstValue("Content-Type"), what);
      }
    }
  }

  private static String normalize(String body, String token) {
    return body.replace(token, "TOKEN").replaceAll("\"(modifiedIndex|createdIndex|index)\":\\d+", "\"$1\":N");
  }
}
