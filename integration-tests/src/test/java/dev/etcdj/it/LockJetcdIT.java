package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server-side Lock service (v3lock) through jetcd's Lock client, which calls it over gRPC. */
class LockJetcdIT extends OneServerTest {
  static KV kv;

  @BeforeAll
  static void clients() {
    kv = client.getKVClient();
  }

  static long grant(Client c, long ttl) throws Exception {
    return c.getLeaseClient().grant(ttl).get(10, TimeUnit.SECONDS).getID();
  }

  static List<KeyValue> keysUnder(String prefix) throws Exception {
    GetResponse r = kv.get(bs(prefix), GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
    return r.getKvs();
  }

  @Test
  void mutualExclusionUnderContention() throws Exception {
    int clients = 5;
    int rounds = 5;
    ByteSequence counter = bs("/counter");
    kv.put(counter, bs("0")).get(10, TimeUnit.SECONDS);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Client> cs = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        Client c = newClient();
        cs.add(c);
        done.add(pool.submit(() -> {
          long lease = grant(c, 30);
          for (int r = 0; r < rounds; r++) {
            LockResponse lock = c.getLockClient().lock(bs("counter-lock"), lease).get(60, TimeUnit.SECONDS);
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
              KV ckv = c.getKVClient();
              long v = Long.parseLong(ckv.get(counter).get(10, TimeUnit.SECONDS).getKvs().get(0).getValue()
                  .toString(StandardCharsets.UTF_8));
              Thread.sleep(5); // widen the window a lost update would need
              ckv.put(counter, bs(Long.toString(v + 1))).get(10, TimeUnit.SECONDS);
            } finally {
              inside.decrementAndGet();
              c.getLockClient().unlock(lock.getKey()).get(10, TimeUnit.SECONDS);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(180, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      cs.forEach(Client::close);
    }
    String value = kv.get(counter).get(10, TimeUnit.SECONDS).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
    assertEquals(Integer.toString(clients * rounds), value);
    assertEquals(1, maxInside.get(), "two holders inside the lock at once");
    assertTrue(keysUnder("counter-lock/").isEmpty(), "all lock keys released");
  }

  @Test
  void lockKeyIsNamePlusLeaseHexAndSecondWaitsForUnlock() throws Exception {
    long l1 = grant(client, 30);
    long l2 = grant(client, 30);
    LockResponse first = client.getLockClient().lock(bs("held"), l1).get(10, TimeUnit.SECONDS);
    assertEquals("held/" + Long.toHexString(l1), first.getKey().toString(StandardCharsets.UTF_8));
    CompletableFuture<LockResponse> second = client.getLockClient().lock(bs("held"), l2);
    Thread.sleep(1000);
    assertFalse(second.isDone(), "second locker must wait");
    client.getLockClient().unlock(first.getKey()).get(10, TimeUnit.SECONDS);
    LockResponse got = second.get(10, TimeUnit.SECONDS);
    assertEquals("held/" + Long.toHexString(l2), got.getKey().toString(StandardCharsets.UTF_8));
    assertTrue(got.getHeader().getRevision() > first.getHeader().getRevision());
    client.getLockClient().unlock(got.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void lockIsReleasedWhenItsLeaseExpires() throws Exception {
    long shortLease = grant(client, 2); // never kept alive
    long longLease = grant(client, 30);
    client.getLockClient().lock(bs("expiring"), shortLease).get(10, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    LockResponse second = client.getLockClient().lock(bs("expiring"), longLease).get(30, TimeUnit.SECONDS);
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(waitedMs >= 500, "granted after " + waitedMs + " ms, before the first lease expired");
    assertEquals("expiring/" + Long.toHexString(longLease), second.getKey().toString(StandardCharsets.UTF_8));
    List<KeyValue> keys = keysUnder("expiring/");
    assertEquals(1, keys.size());
    client.getLockClient().unlock(second.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void lockWithRevokedLeaseIsRefused() throws Exception {
    long lease = grant(client, 30);
    client.getLeaseClient().revoke(lease).get(10, TimeUnit.SECONDS);
    try {
      client.getLockClient().lock(bs("revoked"), lease).get(10, TimeUnit.SECONDS);
      fail("lock granted with a revoked lease");
    } catch (ExecutionException e) {
      assertTrue(String.valueOf(e.getCause().getMessage()).contains("requested lease not found"), e.toString());
    }
    assertTrue(keysUnder("revoked/").isEmpty());
  }

  /** Jepsen's finding: a waiter whose lease died while waiting must not be told it holds the lock. */
  @Test
  void waiterWhoseLeaseExpiresIsNotGrantedTheLock() throws Exception {
    long holderLease = grant(client, 30);
    long waiterLease = grant(client, 2); // expires while waiting
    LockResponse held = client.getLockClient().lock(bs("jepsen"), holderLease).get(10, TimeUnit.SECONDS);
    CompletableFuture<LockResponse> waiter = client.getLockClient().lock(bs("jepsen"), waiterLease);
    try {
      LockResponse r = waiter.get(30, TimeUnit.SECONDS);
      fail("granted " + r.getKey() + " although its lease expired");
    } catch (ExecutionException e) {
      assertTrue(String.valueOf(e.getCause().getMessage()).contains("requested lease not found"), e.toString());
    }
    List<KeyValue> keys = keysUnder("jepsen/");
    assertEquals(1, keys.size());
    assertEquals(held.getKey(), keys.get(0).getKey());
    client.getLockClient().unlock(held.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void cancelledWaiterRemovesItsKey() throws Exception {
    long holderLease = grant(client, 30);
    LockResponse held = client.getLockClient().lock(bs("cancel"), holderLease).get(10, TimeUnit.SECONDS);
    Client other = newClient();
    long waiterLease = grant(other, 30);
    CompletableFuture<LockResponse> waiter = other.getLockClient().lock(bs("cancel"), waiterLease);
    waitUntil(() -> keysUnder("cancel/").size() == 2, "the waiter's key to appear");
    other.close(); // cancels the in-flight Lock call
    waitUntil(() -> keysUnder("cancel/").size() == 1, "the cancelled waiter's key to be deleted");
    assertEquals(held.getKey(), keysUnder("cancel/").get(0).getKey());
    assertFalse(waiter.isDone() && !waiter.isCompletedExceptionally(), "cancelled waiter got the lock");
    client.getLockClient().unlock(held.getKey()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void lockAndUnlockOverTheJsonGateway() throws Exception {
    String name = java.util.Base64.getEncoder().encodeToString("gw-lock".getBytes(StandardCharsets.UTF_8));
    String body = post(server.url() + "/v3/lock/lock", "{\"name\":\"" + name + "\"}");
    assertTrue(body.contains("\"key\":"), body);
    String key = body.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
    assertTrue(new String(java.util.Base64.getDecoder().decode(key), StandardCharsets.UTF_8).startsWith("gw-lock/"));
    String unlocked = post(server.url() + "/v3/lock/unlock", "{\"key\":\"" + key + "\"}");
    assertTrue(unlocked.contains("\"revision\":"), unlocked);
    assertTrue(keysUnder("gw-lock/").isEmpty());
  }

  static String post(String url, String json) throws Exception {
    java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
    return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static void waitUntil(Check c, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.ok()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
