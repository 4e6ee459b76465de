package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real etcdctl 3.4 {@code elect} against ours: a campaigner and an observer
 * ({@code elect -l}). etcdctl runs the election recipe client-side; the server-side Election
 * service (jetcd) must see the same leader, since both use the same key layout.
 */
class ElectionEtcdctlIT {
  @TempDir
  static Path tmp;
  static ServerProcess server;

  @BeforeAll
  static void start() {
    assumeTrue(Etcdctl.installed(), "etcdctl not installed");
    server = ServerProcess.startOurs(tmp.resolve("data"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Process etcdctl(Path out, String... args) throws IOException {
    return Etcdctl.spawn(server.endpoint(), out, args);
  }

  @Test
  void observerSeesTheCampaignersProposalsInOrder() throws Exception {
    Path obsOut = tmp.resolve("observe.out");
    Path aOut = tmp.resolve("a.out");
    Path bOut = tmp.resolve("b.out");
    Process observer = etcdctl(obsOut, "elect", "-l", "myelection");
    Process a = null;
    Process b = null;
    try (Client client = Client.builder().endpoints(server.url()).build()) {
      Thread.sleep(500);
      a = etcdctl(aOut, "elect", "myelection", "proposal-a");
      waitForContent(aOut, "proposal-a");
      waitForContent(obsOut, "proposal-a");
      assertTrue(Files.readString(obsOut).startsWith("myelection/"), Files.readString(obsOut));

      LeaderResponse leader = client.getElectionClient().leader(ByteSequence.from("myelection", StandardCharsets.UTF_8))
          .get(10, TimeUnit.SECONDS);
      assertEquals("proposal-a", leader.getKv().getValue().toString(StandardCharsets.UTF_8));

      b = etcdctl(bOut, "elect", "myelection", "proposal-b");
      Thread.sleep(1000);
      assertEquals("", Files.readString(bOut), "b elected while a leads");
      a.destroy(); // etcdctl resigns and revokes its lease on SIGTERM
      waitForContent(bOut, "proposal-b");
      waitForContent(obsOut, "proposal-b");
      String observed = Files.readString(obsOut);
      assertTrue(observed.indexOf("proposal-a") < observed.indexOf("proposal-b"), observed);
    } finally {
      observer.destroyForcibly();
      if (a != null) {
        a.destroyForcibly();
      }
      if (b != null) {
        b.destroyForcibly();
      }
    }
  }

  static void waitForContent(Path file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(file) || !Files.readString(file).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' in " + file + ": "
            + (Files.exists(file) ? Files.readString(file) : "(missing)"));
      }
      Thread.sleep(50);
    }
  }
}
