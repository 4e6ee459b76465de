package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our packaged etcdctl (its client-only classpath and class-data archive, as users run it) against
 * a member that requires client certificates: the v3 commands and, with {@code ETCDCTL_API=2}, the
 * v2 ones, each with the certificate flags of its API version.
 */
class OurEtcdctlTlsIT {

  @TempDir
  Path tmp;

  @Test
  void bothApiVersionsTalkToAClientCertMember() throws Exception {
    TestCerts ca = new TestCerts(Files.createDirectories(tmp.resolve("ca")));
    TestCerts.Pair server = ca.issue("server", "127.0.0.1", "localhost");
    TestCerts.Pair user = ca.issue("user", "localhost");
    int clientPort = ServerProcess.freePort();
    String url = "https://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + ServerProcess.freePort();
    try (ServerProcess member = ServerProcess.exec(List.of(ServerProcess.ourEtcd().toString(),
        "--data-dir", tmp.resolve("m").toString(), "--enable-v2",
        "--listen-client-urls", url, "--advertise-client-urls", url,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "default=" + peer,
        "--client-cert-auth", "--trusted-ca-file", ca.caFile.toString(),
        "--cert-file", server.cert().toString(), "--key-file", server.key().toString()), clientPort, tmp.resolve("m"))) {
      member.awaitReady();

      Etcdctl.Result put = OurTools.etcdctl(url, "--cacert", ca.caFile.toString(), "--cert", user.cert().toString(),
          "--key", user.key().toString(), "put", "v3key", "v3value");
      assertEquals("OK\n", put.stdout(), put.stderr());

      String[] tls = {"--ca-file", ca.caFile.toString(), "--cert-file", user.cert().toString(),
          "--key-file", user.key().toString()};
      Etcdctl.Result set = OurTools.etcdctlV2(url, OurTools.prepend(new String[] {"set", "/v2key", "v2value"}, tls));
      assertEquals("v2value\n", set.stdout(), set.stderr());
      Etcdctl.Result get = OurTools.etcdctlV2(url, OurTools.prepend(new String[] {"get", "/v2key"}, tls));
      assertEquals("v2value\n", get.stdout(), get.stderr());

      Etcdctl.Result noCert = OurTools.etcdctlV2(url, "--ca-file", ca.caFile.toString(), "get", "/v2key");
      assertTrue(noCert.exitCode() != 0, "a client without a certificate is refused: " + noCert.stdout());
    }
  }
}
