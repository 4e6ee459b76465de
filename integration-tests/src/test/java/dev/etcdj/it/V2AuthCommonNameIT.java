package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * v2 auth with {@code --client-cert-auth}: a request without credentials acts as the user its
 * client certificate's common name names, or as the user named by its CA's common name (Go
 * checks the whole verified chain). Real etcd and ours, same commands, same answers.
 */
class V2AuthCommonNameIT {
  @TempDir
  Path tmp;

  private static ServerProcess startTls(Path binary, Path dataDir, TestCerts.Pair server, Path ca) {
    int clientPort = ServerProcess.freePort();
    String client = "https://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + ServerProcess.freePort();
    ServerProcess p = ServerProcess.exec(List.of(binary.toString(), "--data-dir", dataDir.toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "default=" + peer,
        "--cert-file", server.cert().toString(), "--key-file", server.key().toString(),
        "--trusted-ca-file", ca.toString(), "--client-cert-auth", "--enable-v2"), clientPort, dataDir);
    p.awaitReady();
    return p;
  }

  private record Step(String stdout, String stderr, int exit) {}

  private static Step ctl(ServerProcess server, Path ca, TestCerts.Pair client, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--ca-file", ca.toString(), "--cert-file", client.cert().toString(),
        "--key-file", client.key().toString()));
    all.addAll(List.of(args));
    V2KeysIT.Ctl r = V2KeysIT.etcdctl2("https://" + server.endpoint(), all.toArray(new String[0]));
    String url = "https://" + server.endpoint();
    return new Step(r.stdout().replace(url, "URL"), r.stderr().replace(url, "URL"), r.exitCode());
  }

  @Test
  void theClientCertificateNamesTheUser() throws Exception {
    assumeTrue(Etcdctl.installed() && ServerProcess.realEtcdInstalled(), "needs Debian's etcd and etcdctl");
    TestCerts certs = new TestCerts(tmp);
    TestCerts.Pair server = certs.issue("server", "127.0.0.1", "localhost");
    TestCerts.Pair carol = certs.issue("carol");
    TestCerts.Pair dave = certs.issue("dave");
    List<String[]> steps = List.of(
        new String[] {"carol", "role", "add", "writer"},
        new String[] {"carol", "role", "grant", "--rw", "--path=/c/*", "writer"},
        new String[] {"carol", "role", "add", "cas"},
        new String[] {"carol", "role", "grant", "--rw", "--path=/d/*", "cas"},
        new String[] {"carol", "user", "add", "root:r"},
        new String[] {"carol", "user", "add", "carol:x"},
        new String[] {"carol", "user", "grant", "--roles", "writer", "carol"},
        new String[] {"carol", "user", "add", "etcdj test CA:y"},
        new String[] {"carol", "user", "grant", "--roles", "cas", "etcdj test CA"},
        new String[] {"carol", "auth", "enable"},
        new String[] {"carol", "set", "/c/1", "one"},
        new String[] {"carol", "set", "/elsewhere", "no"},
        new String[] {"carol", "user", "list"},
        new String[] {"carol", "--username", "root:r", "user", "list"},
        new String[] {"dave", "set", "/d/1", "by the CA's user"},
        new String[] {"dave", "set", "/c/2", "no"},
        new String[] {"dave", "--username", "carol:x", "set", "/c/2", "two"});
    List<Step> theirs = run(ServerProcess.realEtcd(), tmp.resolve("real"), server, certs.caFile, carol, dave, steps);
    List<Step> mine = run(ServerProcess.ourEtcd(), tmp.resolve("ours"), server, certs.caFile, carol, dave, steps);
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(theirs.get(i), mine.get(i), String.join(" ", steps.get(i)));
    }
    assertEquals(new Step("one\n", "", 0), mine.get(10));
    assertEquals(4, mine.get(11).exit(), "carol may not write outside /c/");
    assertTrue(mine.get(11).stderr().startsWith("Error:  110: The request requires user authentication"));
    assertEquals(1, mine.get(12).exit(), "carol is no root");
    assertEquals("carol\netcdj test CA\nroot\n", mine.get(13).stdout());
    assertEquals(new Step("by the CA's user\n", "", 0), mine.get(14));
    assertEquals(4, mine.get(15).exit());
    assertEquals(new Step("two\n", "", 0), mine.get(16));
  }

  private static List<Step> run(Path binary, Path dataDir, TestCerts.Pair server, Path ca, TestCerts.Pair carol,
      TestCerts.Pair dave, List<String[]> steps) throws Exception {
    List<Step> out = new ArrayList<>();
    try (ServerProcess p = startTls(binary, dataDir, server, ca)) {
      for (String[] s : steps) {
        String[] args = java.util.Arrays.copyOfRange(s, 1, s.length);
        out.add(ctl(p, ca, s[0].equals("carol") ? carol : dave, args));
      }
    }
    return out;
  }
}
