package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases survive a kill -9: the table comes back from the "lease" bucket (and the WAL), the
 * lease→keys index is rebuilt, and a restarted leader gives every lease a fresh TTL before
 * expiring the ones nobody keeps alive.
 */
class LeaseRestartIT {
  @TempDir
  Path tmp;

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void leasesAndTheirKeysAreRecoveredAfterKill9() throws Exception {
    Path data = tmp.resolve("data");
    int clientPort = ServerProcess.freePort();
    int peerPort = ServerProcess.freePort();
    String[] args = {"--snapshot-count", "5"};
    long longLease;
    long shortLease;
    try (ServerProcess server = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, args);
        Client client = Client.builder().endpoints(server.url()).build()) {
      longLease = client.getLeaseClient().grant(600).get(5, TimeUnit.SECONDS).getID();
      shortLease = client.getLeaseClient().grant(3).get(5, TimeUnit.SECONDS).getID();
      for (int i = 0; i < 10; i++) {
        client.getKVClient().put(bs("long/" + i), bs("v"), PutOption.builder().withLeaseId(longLease).build()).get();
      }
      client.getKVClient().put(bs("short"), bs("v"), PutOption.builder().withLeaseId(shortLease).build()).get();
      server.kill9();
    }

    try (ServerProcess restarted = ServerProcess.start(ServerProcess.ourEtcd(), data, clientPort, peerPort, args);
        Client client = Client.builder().endpoints(restarted.url()).build()) {
      long startedAt = System.nanoTime();
      var ttl = client.getLeaseClient().timeToLive(longLease, LeaseOption.builder().withAttachedKeys().build()).get();
      assertEquals(600, ttl.getGrantedTTL());
      assertEquals(10, ttl.getKeys().size(), "the key index was rebuilt");
      String leases = Etcdctl.installed() ? Etcdctl.run(restarted.endpoint(), "lease", "list").stdout()
          : Long.toHexString(longLease) + Long.toHexString(shortLease);
      assertTrue(leases.contains(Long.toHexString(longLease)) && leases.contains(Long.toHexString(shortLease)),
          "leases after restart: " + leases);

      while (client.getKVClient().get(bs("short")).get().getCount() != 0) {
        if (System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(10)) {
          fail("the un-renewed 3 s lease did not expire after the restart");
        }
        Thread.sleep(100);
      }
      assertTrue(System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(2),
          "a recovered lease gets a full TTL from the promotion, not from its grant");

      long before = client.getKVClient().get(bs("long/0")).get().getHeader().getRevision();
      client.getLeaseClient().revoke(longLease).get(5, TimeUnit.SECONDS);
      var after = client.getKVClient().get(bs("long/"), io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build()).get();
      assertEquals(0, after.getCount());
      assertEquals(before + 1, after.getHeader().getRevision());
    }
  }
}
