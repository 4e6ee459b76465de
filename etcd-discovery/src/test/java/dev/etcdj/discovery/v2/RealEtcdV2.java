package dev.etcdj.discovery.v2;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Debian's real etcd 3.4 with {@code --enable-v2}, serving the v2 keys API that discovery uses. */
final class RealEtcdV2 implements AutoCloseable {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  static final Path BINARY = Path.of("/usr/bin/etcd");

  private final Process process;
  final String clientUrl;
  final String peerUrl;

  RealEtcdV2(Path dataDir) throws IOException, InterruptedException {
    clientUrl = "http://127.0.0.1:" + freePort();
    peerUrl = "http://127.0.0.1:" + freePort();
    process = new ProcessBuilder(List.of(BINARY.toString(), "--name", "disco", "--data-dir", dataDir.toString(),
        "--enable-v2", "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "disco=" + peerUrl))
        .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("disco.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 600; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health")).build(),
            HttpResponse.BodyHandlers.ofString()).body().contains("true")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(50);
    }
    close();
    throw new IllegalStateException("etcd did not start: " + Files.readString(dataDir.resolveSibling("disco.log")));
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** {@code curl -X PUT <url>/_config/size -d value=<size>}. */
  void putSize(String discoveryUrl, String size) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(discoveryUrl + "/_config/size"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .PUT(HttpRequest.BodyPublishers.ofString("value=" + size)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(r.body());
    }
  }

  /** A free loopback port this JVM has not handed out before (the kernel may offer a closed one again). */
  static int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
