package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lease expiry and keepalive as jetcd sees them, and the lease routes of the JSON gateway. */
class LeaseJetcdIT extends OneServerTest {
  static KV kv;
  static Lease leases;

  @BeforeAll
  static void clients() {
    kv = client.getKVClient();
    leases = client.getLeaseClient();
  }

  static long count(String prefix) throws Exception {
    return kv.get(bs(prefix), io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build())
        .get(5, TimeUnit.SECONDS).getCount();
  }

  /** A keepalive observer that counts responses. */
  static final class Counting implements StreamObserver<LeaseKeepAliveResponse> {
    final AtomicInteger responses = new AtomicInteger();

    @Override
    public void onNext(LeaseKeepAliveResponse r) {
      responses.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  @Test
  void keysLiveWhileKeptAliveAndVanishWithinTtlAfterwards() throws Exception {
    long id = leases.grant(2).get(5, TimeUnit.SECONDS).getID();
    for (int i = 0; i < 3; i++) {
      kv.put(bs("ka/" + i), bs("v"), PutOption.builder().withLeaseId(id).build()).get(5, TimeUnit.SECONDS);
    }
    Counting observer = new Counting();
    CloseableClient keepAlive = leases.keepAlive(id, observer);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
    while (System.nanoTime() < until) {
      assertEquals(3, count("ka/"), "keys must not vanish while keepalives flow");
      Thread.sleep(200);
    }
    assertTrue(observer.responses.get() >= 5, "keepalive responses: " + observer.responses.get());
    var ttl = leases.timeToLive(id, LeaseOption.builder().withAttachedKeys().build()).get(5, TimeUnit.SECONDS);
    assertEquals(2, ttl.getGrantedTTL());
    assertEquals(3, ttl.getKeys().size());

    keepAlive.close();
    long stopped = System.nanoTime();
    while (count("ka/") > 0) {
      if (System.nanoTime() - stopped > TimeUnit.SECONDS.toNanos(3)) {
        fail("keys still present TTL+1 s after the keepalives stopped");
      }
      Thread.sleep(100);
    }
    assertEquals(-1, leases.timeToLive(id, LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getTTL());
  }

  @Test
  void revokeDeletesEveryAttachedKeyInOneRevision() throws Exception {
    long id = leases.grant(60).get(5, TimeUnit.SECONDS).getID();
    for (int i = 0; i < 5; i++) {
      kv.put(bs("rv/" + i), bs("v"), PutOption.builder().withLeaseId(id).build()).get(5, TimeUnit.SECONDS);
    }
    long before = kv.get(bs("rv/0")).get().getHeader().getRevision();
    leases.revoke(id).get(5, TimeUnit.SECONDS);
    assertEquals(0, count("rv/"));
    assertEquals(before + 1, kv.get(bs("rv/0")).get().getHeader().getRevision());
  }

  @Test
  void jsonGatewayServesTheLeaseRoutes() throws Exception {
    String granted = post("/v3/lease/grant", "{\"TTL\":30}");
    Matcher m = Pattern.compile("\"ID\":\"(\\d+)\"").matcher(granted);
    assertTrue(m.find(), granted);
    String id = m.group(1);
    assertTrue(granted.contains("\"TTL\":\"30\""), granted);
    assertTrue(post("/v3/lease/leases", "{}").contains(id));
    assertTrue(post("/v3/kv/lease/leases", "{}").contains(id));
    assertTrue(post("/v3/lease/timetolive", "{\"ID\":" + id + "}").contains("\"grantedTTL\":\"30\""));
    assertTrue(post("/v3/kv/lease/timetolive", "{\"ID\":" + id + "}").contains("\"grantedTTL\":\"30\""));
    post("/v3/kv/lease/revoke", "{\"ID\":" + id + "}");
    assertTrue(post("/v3/lease/timetolive", "{\"ID\":" + id + "}").contains("\"TTL\":\"-1\""));
    String second = post("/v3/lease/grant", "{\"TTL\":30}");
    Matcher m2 = Pattern.compile("\"ID\":\"(\\d+)\"").matcher(second);
    assertTrue(m2.find(), second);
    post("/v3/lease/revoke", "{\"ID\":" + m2.group(1) + "}");
    assertTrue(!post("/v3/lease/leases", "{}").contains(m2.group(1)));
  }

  static String post(String path, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return r.body();
  }
}
