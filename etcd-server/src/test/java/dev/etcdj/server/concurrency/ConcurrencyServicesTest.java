package dev.etcdj.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.server.EtcdMember;
import dev.etcdj.server.config.ConfigLoader;
import dev.etcdj.server.config.LoadResult;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lock and Election services on an in-process single member, through jetcd. */
class ConcurrencyServicesTest {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  @TempDir
  static Path dir;
  static EtcdMember member;
  static Client client;

  @BeforeAll
  static void start() throws IOException {
    int clientPort = freePort();
    int peerPort = freePort();
    String c = "http://127.0.0.1:" + clientPort;
    String p = "http://127.0.0.1:" + peerPort;
    LoadResult r = ConfigLoader.load(new String[] {"--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", c, "--advertise-client-urls", c, "--listen-peer-urls", p,
        "--initial-advertise-peer-urls", p, "--initial-cluster", "default=" + p}, Map.of());
    member = new EtcdMember();
    member.start(((LoadResult.Run) r).config());
    client = Client.builder().endpoints(c).build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (member != null) {
      member.close();
    }
  }

  /** A free loopback port this JVM has not handed out before (the kernel may offer a closed one again). */
  static int freePort() throws IOException {
    while (true) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (HANDED_OUT.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      }
    }
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String str(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  static long grant(long ttl) throws Exception {
    return client.getLeaseClient().grant(ttl).get(10, TimeUnit.SECONDS).getID();
  }

  @Test
  void waitersAreGrantedInArrivalOrder() throws Exception {
    long holder = grant(30);
    LockResponse held = client.getLockClient().lock(bs("fifo"), holder).get(10, TimeUnit.SECONDS);
    List<Long> leases = new ArrayList<>();
    List<CompletableFuture<LockResponse>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long l = grant(30);
      leases.add(l);
      waiters.add(client.getLockClient().lock(bs("fifo"), l));
      waitForKeys("fifo/", i + 2); // queue strictly in this order
    }
    LockResponse previous = held;
    for (int i = 0; i < 4; i++) {
      client.getLockClient().unlock(previous.getKey()).get(10, TimeUnit.SECONDS);
      previous = waiters.get(i).get(10, TimeUnit.SECONDS);
      assertEquals("fifo/" + Long.toHexString(leases.get(i)), str(previous.getKey()));
      for (int j = i + 1; j < 4; j++) {
        assertFalse(waiters.get(j).isDone(), "waiter " + j + " granted out of turn");
      }
    }
    client.getLockClient().unlock(previous.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void lockingAgainWithTheSameLeaseReturnsTheHeldKey() throws Exception {
    long lease = grant(30);
    LockResponse first = client.getLockClient().lock(bs("reentrant"), lease).get(10, TimeUnit.SECONDS);
    LockResponse again = client.getLockClient().lock(bs("reentrant"), lease).get(10, TimeUnit.SECONDS);
    assertEquals(first.getKey(), again.getKey());
    client.getLockClient().unlock(first.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void leaseZeroGetsAFreshSessionLease() throws Exception {
    LockResponse r = client.getLockClient().lock(bs("nolease"), 0).get(10, TimeUnit.SECONDS);
    String key = str(r.getKey());
    assertTrue(key.startsWith("nolease/"), key);
    long lease = Long.parseLong(key.substring("nolease/".length()), 16);
    long ttl = client.getLeaseClient().timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT)
        .get(10, TimeUnit.SECONDS).getGrantedTTL();
    assertEquals(Recipes.DEFAULT_SESSION_TTL, ttl);
    client.getLeaseClient().revoke(lease).get(10, TimeUnit.SECONDS);
  }

  @Test
  void observeWaitsForTheFirstCandidate() throws Exception {
    ByteSequence name = bs("empty-at-first");
    List<String> seen = new CopyOnWriteArrayList<>();
    client.getElectionClient().observe(name, new Election.Listener() {
      @Override
      public void onNext(LeaderResponse r) {
        seen.add(str(r.getKv().getValue()));
      }

      @Override
      public void onError(Throwable t) {
        seen.add("error: " + t);
      }

      @Override
      public void onCompleted() {}
    });
    Thread.sleep(500);
    assertTrue(seen.isEmpty(), seen.toString());
    long lease = grant(30);
    var leader = client.getElectionClient().campaign(name, lease, bs("first")).get(10, TimeUnit.SECONDS).getLeader();
    awaitTrue(() -> seen.contains("first"));
    client.getElectionClient().proclaim(leader, bs("second")).get(10, TimeUnit.SECONDS);
    awaitTrue(() -> seen.contains("second"));
    assertEquals(List.of("first", "second"), seen);
    client.getElectionClient().resign(leader).get(10, TimeUnit.SECONDS);
  }

  void waitForKeys(String prefix, int n) throws Exception {
    awaitTrue(() -> client.getKVClient().get(bs(prefix), GetOption.builder().isPrefix(true).build())
        .get(10, TimeUnit.SECONDS).getKvs().size() == n);
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void awaitTrue(Check c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!c.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in time");
      }
      Thread.sleep(50);
    }
  }
}
