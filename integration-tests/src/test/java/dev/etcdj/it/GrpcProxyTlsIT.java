package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grpc-proxy's TLS flags with etcd's own test certificates (Debian's golang-etcd-server-dev):
 * {@code --cert/--key/--cacert} to a member that requires client certificates, and
 * {@code --cert-file/--key-file/--trusted-ca-file} on its own listener; a client certificate
 * with a Common Name is refused as etcd refuses it.
 */
class GrpcProxyTlsIT {
  static final Path FIXTURES = Path.of("/usr/share/gocode/src/go.etcd.io/etcd/integration/fixtures");

  @TempDir
  Path tmp;

  static String fixture(String name) {
    return FIXTURES.resolve(name).toString();
  }

  @Test
  void proxiesOverTlsOnBothSides() throws Exception {
    assumeTrue(Files.isDirectory(FIXTURES), "etcd's test certificates are not installed");
    int client = ServerProcess.freePort("127.0.0.1");
    int peer = ServerProcess.freePort("127.0.0.1");
    String url = "https://127.0.0.1:" + client;
    try (ServerProcess member = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(),
        "--data-dir", tmp.resolve("m").toString(),
        "--listen-client-urls", url, "--advertise-client-urls", url,
        "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
        "--initial-cluster", "default=http://127.0.0.1:" + peer,
        "--cert-file", fixture("server.crt"), "--key-file", fixture("server.key.insecure"),
        "--trusted-ca-file", fixture("ca.crt"), "--client-cert-auth"), client, tmp.resolve("m"))) {
      member.awaitReady();
      String listen = "127.0.0.1:" + ServerProcess.freePort("127.0.0.1");
      try (ServerProcess proxy = GrpcProxyIT.startProxy(tmp, "--endpoints=" + url,
          "--cert", fixture("server3.crt"), "--key", fixture("server3.key.insecure"), "--cacert", fixture("ca.crt"),
          "--listen-addr", listen,
          "--cert-file", fixture("server.crt"), "--key-file", fixture("server.key.insecure"),
          "--trusted-ca-file", fixture("ca.crt"))) {
        String[] tls = {"--cacert", fixture("ca.crt"), "--cert", fixture("client-nocn.crt"),
            "--key", fixture("client-nocn.key.insecure")};
        assertEquals(0, ctl("https://" + listen, tls, "put", "tls-k", "v").exitCode());
        assertEquals("tls-k\nv\n", ctl("https://" + listen, tls, "get", "tls-k").stdout());
        assertEquals("tls-k\nv\n", ctl(url, tls, "get", "tls-k").stdout());
        // the listener requires a client certificate signed by the trusted CA
        Etcdctl.Result anonymous = ctl("https://" + listen,
            new String[] {"--cacert", fixture("ca.crt"), "--dial-timeout=3s", "--command-timeout=5s"}, "get", "tls-k");
        assertTrue(anonymous.exitCode() != 0, anonymous.stdout());
      }
    }
  }

  @Test
  void clientCertificateWithACommonNameIsRefused() {
    assumeTrue(Files.isDirectory(FIXTURES), "etcd's test certificates are not installed");
    try (ServerProcess proxy = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(), "grpc-proxy", "start",
        "--cert", fixture("server2.crt"), "--key", fixture("server2.key.insecure"), "--cacert", fixture("ca.crt"),
        "--listen-addr", "127.0.0.1:" + ServerProcess.freePort("127.0.0.1")), 0, tmp)) {
      assertEquals(1, proxy.awaitExit(Duration.ofSeconds(120)));
      assertTrue(proxy.output().contains("cert has non empty Common Name (example2.com)"), proxy.output());
    }
  }

  static Etcdctl.Result ctl(String endpoint, String[] tls, String... args) {
    List<String> all = new ArrayList<>(List.of(tls));
    all.addAll(List.of(args));
    return Etcdctl.run(endpoint, all.toArray(String[]::new));
  }
}
