package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's TestCtlV3AuthTestCacheReload: a client logged in as a user keeps working across a
 * restart of its member by SIGINT. The member ends by the signal and frees its ports, and the
 * member started again on them takes the same client's writes under the user's permissions,
 * reloaded from the store.
 */
class AuthRestartIT {
  @TempDir
  Path tmp;

  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /**
   * Our etcd on fixed ports. SIGINT is reset to its default first: a test JVM started in the
   * background by a shell inherits it ignored, and a JVM cannot catch an ignored SIGINT.
   */
  private static ServerProcess start(Path dir, int clientPort, int peerPort) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", ServerProcess.ourEtcd().toString(),
        "--data-dir", dir.toString(), "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", "default=" + peer));
    ServerProcess s = ServerProcess.exec(cmd, clientPort, dir);
    s.awaitReady();
    return s;
  }

  @Test
  void aUsersClientWritesAgainAfterItsMemberRestartsOnSigint() throws Exception {
    Path dir = tmp.resolve("member");
    int clientPort = ServerProcess.freePort();
    int peerPort = ServerProcess.freePort();
    ServerProcess member = start(dir, clientPort, peerPort);
    try {
      for (String[] userRole : new String[][] {{"root", "root"}, {"user0", "role0"}}) {
        OurTools.ok(OurTools.etcdctl(member.endpoint(), "role", "add", userRole[1]));
        OurTools.ok(OurTools.etcdctl(member.endpoint(), "user", "add", userRole[0] + ":123"));
        OurTools.ok(OurTools.etcdctl(member.endpoint(), "user", "grant-role", userRole[0], userRole[1]));
      }
      OurTools.ok(OurTools.etcdctl(member.endpoint(), "role", "grant-permission", "role0", "readwrite", "foo"));
      OurTools.ok(OurTools.etcdctl(member.endpoint(), "auth", "enable"));
      try (Client user0 = Client.builder().endpoints(member.url()).user(bs("user0")).password(bs("123")).build()) {
        user0.getKVClient().put(bs("foo"), bs("bar")).get(30, TimeUnit.SECONDS);

        assertEquals(130, member.interrupt(), member.output());
        assertTrue(member.output().contains("osutil: received interrupt signal, shutting down..."), member.output());
        member = start(dir, clientPort, peerPort);

        putUntilServed(user0, "foo", "bar2");
        assertEquals("bar2", user0.getKVClient().get(bs("foo")).get(30, TimeUnit.SECONDS).getKvs().get(0)
            .getValue().toString(StandardCharsets.UTF_8));
        ExecutionException denied = assertThrows(ExecutionException.class,
            () -> user0.getKVClient().put(bs("other"), bs("x")).get(30, TimeUnit.SECONDS));
        assertTrue(denied.getCause().getMessage().contains("permission denied"), denied.getCause().getMessage());
      }
    } finally {
      member.close();
    }
  }

  /** The client reconnects on its own schedule; a put made before that fails as unavailable. */
  private static void putUntilServed(Client c, String key, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        c.getKVClient().put(bs(key), bs(value)).get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline || !String.valueOf(e.getCause().getMessage()).contains("UNAVAILABLE")) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
