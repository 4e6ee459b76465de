package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.election.NotLeaderException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server-side Election service (v3election) through jetcd's Election client (gRPC), and its
 * JSON gateway routes as etcd's e2e curl tests use them.
 */
class ElectionJetcdIT extends OneServerTest {
  static Election election;

  @BeforeAll
  static void clients() {
    election = client.getElectionClient();
  }

  static String str(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  static long grant(long ttl) throws Exception {
    return client.getLeaseClient().grant(ttl).get(10, TimeUnit.SECONDS).getID();
  }

  @Test
  void campaignLeaderProclaimObserveResign() throws Exception {
    ByteSequence name = bs("seq");
    List<String> observed = new CopyOnWriteArrayList<>();
    List<Throwable> observeErrors = new CopyOnWriteArrayList<>();
    election.observe(name, new Election.Listener() {
      @Override
      public void onNext(LeaderResponse r) {
        observed.add(str(r.getKv().getValue()));
      }

      @Override
      public void onError(Throwable t) {
        observeErrors.add(t);
      }

      @Override
      public void onCompleted() {}
    });
    long lease = grant(30);
    CampaignResponse c = election.campaign(name, lease, bs("v1")).get(10, TimeUnit.SECONDS);
    LeaderKey leader = c.getLeader();
    assertEquals("seq", str(leader.getName()));
    assertEquals("seq/" + Long.toHexString(lease), str(leader.getKey()));
    assertEquals(lease, leader.getLease());
    assertTrue(leader.getRevision() > 0);
    assertEquals("v1", str(election.leader(name).get(10, TimeUnit.SECONDS).getKv().getValue()));

    election.proclaim(leader, bs("v2")).get(10, TimeUnit.SECONDS);
    LeaderResponse now = election.leader(name).get(10, TimeUnit.SECONDS);
    assertEquals("v2", str(now.getKv().getValue()));
    assertEquals(leader.getRevision(), now.getKv().getCreateRevision());
    waitUntil(() -> observed.contains("v2"), "observe to see v2");
    assertEquals(List.of("v1", "v2"), observed.subList(0, 2));

    election.resign(leader).get(10, TimeUnit.SECONDS);
    ExecutionException noLeader = expectFailure(election.leader(name));
    assertInstanceOf(NoLeaderException.class, noLeader.getCause());
    ExecutionException notLeader = expectFailure(election.proclaim(leader, bs("v3")));
    assertInstanceOf(NotLeaderException.class, notLeader.getCause());
    // resigning again is a no-op, as in etcd
    election.resign(leader).get(10, TimeUnit.SECONDS);

    // a new leader appears in the observe stream
    long lease2 = grant(30);
    LeaderKey next = election.campaign(name, lease2, bs("v4")).get(10, TimeUnit.SECONDS).getLeader();
    waitUntil(() -> observed.contains("v4"), "observe to see the next leader");
    assertTrue(observeErrors.isEmpty(), observeErrors.toString());
    election.resign(next).get(10, TimeUnit.SECONDS);
  }

  @Test
  void secondCandidateWinsAfterTheLeaderResigns() throws Exception {
    ByteSequence name = bs("two");
    long la = grant(30);
    long lb = grant(30);
    LeaderKey a = election.campaign(name, la, bs("a")).get(10, TimeUnit.SECONDS).getLeader();
    CompletableFuture<CampaignResponse> b = election.campaign(name, lb, bs("b"));
    Thread.sleep(1000);
    assertFalse(b.isDone(), "the second candidate must wait");
    assertEquals("a", str(election.leader(name).get(10, TimeUnit.SECONDS).getKv().getValue()));
    election.resign(a).get(10, TimeUnit.SECONDS);
    LeaderKey bk = b.get(10, TimeUnit.SECONDS).getLeader();
    assertEquals("two/" + Long.toHexString(lb), str(bk.getKey()));
    assertEquals("b", str(election.leader(name).get(10, TimeUnit.SECONDS).getKv().getValue()));
    election.resign(bk).get(10, TimeUnit.SECONDS);
  }

  @Test
  void leaderLeaseExpiryElectsTheNextCandidate() throws Exception {
    ByteSequence name = bs("expiry");
    long shortLease = grant(2);
    long longLease = grant(30);
    election.campaign(name, shortLease, bs("short")).get(10, TimeUnit.SECONDS);
    LeaderKey next = election.campaign(name, longLease, bs("long")).get(30, TimeUnit.SECONDS).getLeader();
    assertEquals("long", str(election.leader(name).get(10, TimeUnit.SECONDS).getKv().getValue()));
    election.resign(next).get(10, TimeUnit.SECONDS);
  }

  @Test
  void campaignWithRevokedLeaseIsRefused() throws Exception {
    long lease = grant(30);
    client.getLeaseClient().revoke(lease).get(10, TimeUnit.SECONDS);
    ExecutionException e = expectFailure(election.campaign(bs("revoked"), lease, bs("x")));
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("requested lease not found"), e.toString());
  }

  @Test
  void campaignAgainWithTheSameLeaseProclaimsTheNewValue() throws Exception {
    ByteSequence name = bs("again");
    long lease = grant(30);
    LeaderKey first = election.campaign(name, lease, bs("one")).get(10, TimeUnit.SECONDS).getLeader();
    LeaderKey second = election.campaign(name, lease, bs("two")).get(10, TimeUnit.SECONDS).getLeader();
    assertEquals(first.getRevision(), second.getRevision());
    assertEquals("two", str(election.leader(name).get(10, TimeUnit.SECONDS).getKv().getValue()));
    election.resign(second).get(10, TimeUnit.SECONDS);
  }

  // ---- JSON gateway, after etcd's e2e v3_curl_test.go ----

  @Test
  void curlCampaignThenProclaim() throws Exception {
    for (String api : List.of("/v3", "/v3beta")) {
      String name = b64("/election-prefix");
      String campaign = post(api + "/election/campaign", "{\"name\":\"" + name + "\",\"value\":\"" + b64("v1") + "\"}");
      assertTrue(campaign.contains("\"leader\":{\"name\":\""), campaign);
      String key = field(campaign, "key");
      String rev = field(campaign, "rev");
      String lease = field(campaign, "lease");
      assertTrue(new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8).startsWith("/election-prefix/"));
      String proclaim = post(api + "/election/proclaim", "{\"leader\":{\"name\":\"" + name + "\",\"key\":\"" + key
          + "\",\"rev\":\"" + rev + "\",\"lease\":\"" + lease + "\"},\"value\":\"" + b64("v2") + "\"}");
      assertTrue(proclaim.contains("\"revision\":"), proclaim);
      String leader = post(api + "/election/leader", "{\"name\":\"" + name + "\"}");
      assertTrue(leader.contains("\"value\":\"" + b64("v2") + "\""), leader);
      String resign = post(api + "/election/resign", "{\"leader\":{\"name\":\"" + name + "\",\"key\":\"" + key
          + "\",\"rev\":\"" + rev + "\",\"lease\":\"" + lease + "\"}}");
      assertTrue(resign.contains("\"revision\":"), resign);
      String none = post(api + "/election/leader", "{\"name\":\"" + name + "\"}");
      assertEquals("{\"error\":\"election: no leader\",\"message\":\"election: no leader\",\"code\":2}", none);
    }
  }

  @Test
  void curlProclaimAndResignMissingLeaderKey() throws Exception {
    String expected = "{\"error\":\"\\\"leader\\\" field must be provided\",\"message\":\"\\\"leader\\\" field must be provided\",\"code\":2}";
    for (String api : List.of("/v3", "/v3beta")) {
      assertEquals(expected, post(api + "/election/proclaim", "{\"value\":\"" + b64("v2") + "\"}"));
      assertEquals(expected, post(api + "/election/resign", "{}"));
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return m.group(1);
  }

  static String post(String path, String json) throws Exception {
    java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
        .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
    return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  static ExecutionException expectFailure(CompletableFuture<?> f) throws Exception {
    try {
      Object r = f.get(10, TimeUnit.SECONDS);
      fail("expected a failure, got " + r);
      return null;
    } catch (ExecutionException e) {
      return e;
    }
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
