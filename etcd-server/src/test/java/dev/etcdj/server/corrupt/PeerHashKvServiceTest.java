package dev.etcdj.server.corrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer endpoint /members/hashkv and its client, over a real HTTP server and store. */
class PeerHashKvServiceTest {
  static final long CLUSTER = 0xcdf818194e3a8c32L;

  @TempDir
  Path dir;

  MvccStore store;
  Server server;
  ClientFactory factory;
  PeerHashKvClient client;
  String url;

  @BeforeEach
  void start() {
    store = MvccStore.open(dir.resolve("db"));
    for (int i = 1; i <= 5; i++) {
      try (WriteTxn txn = store.beginWrite(i)) {
        txn.put(("k" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), 0);
        txn.end();
      }
    }
    server = Server.builder().http(new java.net.InetSocketAddress("127.0.0.1", 0))
        .service(PeerHashKvService.PATH, new PeerHashKvService(store, CLUSTER)).build();
    server.start().join();
    url = "http://127.0.0.1:" + server.activeLocalPort();
    factory = ClientFactory.builder().build();
    client = new PeerHashKvClient(factory, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    factory.close();
    server.stop().join();
    store.close();
  }

  @Test
  void answersTheStoreHashAtTheRevision() throws Exception {
    HashKvResult at3 = store.hashKv(3);
    HashKVResponse r = client.fetch(url, 3);
    assertEquals(at3.hash(), Integer.toUnsignedLong(r.getHash()));
    assertEquals(6, r.getHeader().getRevision(), "the header carries the current revision");
    assertEquals(0, r.getHeader().getMemberId(), "etcd's endpoint names no member");
    assertEquals(store.hashKv(0).hash(), Integer.toUnsignedLong(client.fetch(url, 0).getHash()));
  }

  @Test
  void futureAndCompactedRevisionsAreEtcdsErrors() throws Exception {
    assertSame(PeerHashError.FUTURE_REV, assertThrows(PeerHashError.class, () -> client.fetch(url, 7)));
    store.compact(3).get();
    assertSame(PeerHashError.COMPACTED, assertThrows(PeerHashError.class, () -> client.fetch(url, 2)));
    AggregatedHttpResponse raw = get("{\"revision\":2}");
    assertEquals(400, raw.status().code());
    assertEquals("mvcc: required revision has been compacted\n", raw.contentUtf8());
  }

  @Test
  void answersAsEtcdsHandler() {
    AggregatedHttpResponse ok = get("{\"revision\":5}");
    assertEquals(200, ok.status().code());
    assertEquals("cdf818194e3a8c32", ok.headers().get("X-Etcd-Cluster-ID"));
    assertTrue(ok.contentUtf8().startsWith("{\"header\":{\"revision\":6},\"hash\":"), ok.contentUtf8());

    AggregatedHttpResponse bad = get("{\"revision\":\"5\"}");
    assertEquals(400, bad.status().code());
    assertEquals("error unmarshalling request\n", bad.contentUtf8());

    AggregatedHttpResponse post = WebClient.builder(url).factory(factory).build().execute(
        RequestHeaders.of(HttpMethod.POST, PeerHashKvService.PATH), HttpData.ofUtf8("{}")).aggregate().join();
    assertEquals(405, post.status().code());
    assertEquals("GET", post.headers().get("allow"));
  }

  @Test
  void peersAreAskedUrlByUrlUntilOneAnswers() {
    String dead = "http://127.0.0.1:1";
    PeerHashes peers = new PeerHashes(1, () -> List.of(
        new MemberInfo(1, "self", List.of("http://127.0.0.1:2"), List.of(), false),
        new MemberInfo(2, "two", List.of(dead, url), List.of(), false),
        new MemberInfo(3, "three", List.of(dead), List.of(), false)), client);
    List<PeerHash> answers = peers.fetch(5);
    assertEquals(2, answers.size(), "not asking itself");
    assertEquals(2, answers.get(0).id());
    assertEquals(store.hashKv(5).hash(), Integer.toUnsignedLong(answers.get(0).resp().getHash()));
    assertEquals(3, answers.get(1).id());
    assertTrue(answers.get(1).error().getMessage().startsWith("Get \"http://127.0.0.1:1/members/hashkv\""),
        answers.get(1).error().getMessage());
  }

  private AggregatedHttpResponse get(String body) {
    return WebClient.builder(url).factory(factory).build().execute(
        RequestHeaders.builder(HttpMethod.GET, PeerHashKvService.PATH).contentType(MediaType.JSON).build(),
        HttpData.ofUtf8(body)).aggregate().join();
  }
}
