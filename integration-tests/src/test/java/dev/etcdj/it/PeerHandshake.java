package dev.etcdj.it;

import java.nio.file.Path;
import java.util.List;

/**
 * One TLS handshake against a member's peer port with a given client certificate, made by
 * {@code openssl s_client} inside the member's namespace (TLS 1.2, so that a refused client
 * certificate fails the handshake itself).
 */
record PeerHandshake(int exitCode, String output) {

  static PeerHandshake attempt(DnsNamespace ns, Path ca, TestCerts.Pair client, String ip, int port) {
    SrvDiscoveryIT.Result r = SrvDiscoveryIT.run(ns, List.of("openssl", "s_client", "-connect", ip + ":" + port,
        "-servername", "example.com", "-tls1_2", "-CAfile", ca.toString(), "-verify_return_error",
        "-cert", client.cert().toString(), "-key", client.key().toString()));
    return new PeerHandshake(r.exitCode(), r.stdout() + r.stderr());
  }

  boolean accepted() {
    return exitCode == 0 && output.contains("Verify return code: 0 (ok)");
  }
}
