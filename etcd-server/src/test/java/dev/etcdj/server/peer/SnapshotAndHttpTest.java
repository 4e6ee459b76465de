package dev.etcdj.server.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import dev.etcdj.api.peer.MessageBatch;
import dev.etcdj.api.peer.RaftGrpc;
import dev.etcdj.api.peer.SnapshotAck;
import dev.etcdj.api.peer.SnapshotChunk;
import dev.etcdj.api.peer.StreamAck;
import dev.etcdj.raft.ConfState;
import dev.etcdj.raft.Message;
import dev.etcdj.raft.MessageType;
import dev.etcdj.raft.Snapshot;
import dev.etcdj.raft.SnapshotMetadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SnapshotAndHttpTest {
  static final long CLUSTER = 0x1000;
  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    TestNode.closeAll(nodes);
  }

  private TestNode track(TestNode n) {
    nodes.add(n);
    return n;
  }

  static Message msgSnap(long from, long to, long index) {
    Snapshot s = new Snapshot(new SnapshotMetadata(index, 3, ConfState.ofVoters(from, to)), new byte[] {42});
    return Message.builder(MessageType.MsgSnap).from(from).to(to).term(3).snapshot(s).build();
  }

  static RaftGrpc.RaftStub stub(TestNode n) {
    return GrpcClients.newClient(n.url + "/", RaftGrpc.RaftStub.class);
  }

  /** Collects the single response (or error) of a client-streaming call. */
  static final class Result<T> implements StreamObserver<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();

    @Override
    public void onNext(T v) {
      future.complete(v);
    }

    @Override
    public void onError(Throwable t) {
      future.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      future.complete(null);
    }

    T get() throws Exception {
      return future.get(10, TimeUnit.SECONDS);
    }

    Status status() throws Exception {
      try {
        future.get(10, TimeUnit.SECONDS);
        throw new AssertionError("call succeeded");
      } catch (ExecutionException e) {
        assertInstanceOf(StatusRuntimeException.class, e.getCause());
        return Status.fromThrowable(e.getCause());
      }
    }
  }

  @Test
  void snapshotOfSeveralMiBIsStoredThenDelivered() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1).listen());
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    byte[] data = new byte[5 * 1024 * 1024 + 123];
    new Random(7).nextBytes(data);
    a.snapshotData.put(100L, data);
    a.transport.addPeer(2, List.of(b.url));
    a.transport.start();
    a.transport.send(List.of(msgSnap(1, 2, 100)));

    Message got = b.inbox.received.poll(15, TimeUnit.SECONDS);
    assertEquals(MessageType.MsgSnap, got.type());
    // the sink stored the bytes before the MsgSnap reached the inbox
    assertArrayEquals(data, b.stored.get(100L));
    assertEquals(100, got.snapshot().index());
    assertEquals(ConfState.ofVoters(1L, 2L), got.snapshot().metadata().confState());
    TestInbox.SnapshotReport report = a.inbox.snapshotReports.poll(10, TimeUnit.SECONDS);
    assertEquals(new TestInbox.SnapshotReport(2, true), report);
  }

  @Test
  void snapshotToARefusingPeerIsReportedFailed() throws Exception {
    TestNode a = track(new TestNode(CLUSTER, 1));
    TestNode b = track(new TestNode(CLUSTER + 1, 2).listen());
    a.snapshotData.put(7L, new byte[3 * 1024 * 1024]);
    a.transport.addPeer(2, List.of(b.url));
    a.transport.start();
    a.transport.send(List.of(msgSnap(1, 2, 7)));
    assertEquals(new TestInbox.SnapshotReport(2, false), a.inbox.snapshotReports.poll(10, TimeUnit.SECONDS));
    assertTrue(b.stored.isEmpty());
    assertTrue(b.inbox.received.isEmpty());
  }

  @Test
  void corruptedSnapshotIsRefused() throws Exception {
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    Result<SnapshotAck> result = new Result<>();
    StreamObserver<SnapshotChunk> call = stub(b).sendSnapshot(result);
    call.onNext(SnapshotChunk.newBuilder()
        .setHeader(PeerHeaders.header(CLUSTER, 1, 2))
        .setMessage(MessageCodec.toProto(msgSnap(1, 2, 9)))
        .build());
    byte[] data = new byte[2 * 1024 * 1024];
    new Random(1).nextBytes(data);
    call.onNext(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(data, 0, 1 << 20)).build());
    call.onNext(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(data, 1 << 20, 1 << 20)).build());
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
    sha[0] ^= 1;
    call.onNext(SnapshotChunk.newBuilder().setSha256(ByteString.copyFrom(sha)).build());
    call.onCompleted();
    assertFalse(result.get().getAccepted());
    assertNull(b.stored.get(9L));
    assertInstanceOf(IOException.class, b.sinkFailures.get(9L));
    assertTrue(b.inbox.received.isEmpty());
  }

  @Test
  void snapshotWithTheRightChecksumIsAcceptedFromARawClient() throws Exception {
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    Result<SnapshotAck> result = new Result<>();
    StreamObserver<SnapshotChunk> call = stub(b).sendSnapshot(result);
    byte[] data = "hello snapshot".getBytes();
    call.onNext(SnapshotChunk.newBuilder()
        .setHeader(PeerHeaders.header(CLUSTER, 1, 2))
        .setMessage(MessageCodec.toProto(msgSnap(1, 2, 5)))
        .setData(ByteString.copyFrom(data))
        .build());
    call.onNext(SnapshotChunk.newBuilder()
        .setSha256(ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(data))).build());
    call.onCompleted();
    assertTrue(result.get().getAccepted());
    assertArrayEquals(data, b.stored.get(5L));
    assertEquals(5, b.inbox.received.poll(5, TimeUnit.SECONDS).snapshot().index());
  }

  @Test
  void streamRefusesWrongClusterWrongMemberAndMissingHeader() throws Exception {
    TestNode b = track(new TestNode(0xabcdefL, 0x22).listen());
    Result<StreamAck> wrongCluster = new Result<>();
    stub(b).stream(wrongCluster).onNext(MessageBatch.newBuilder()
        .setHeader(PeerHeaders.header(0x123L, 1, 0x22)).build());
    Status s = wrongCluster.status();
    assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode());
    assertEquals("cluster ID mismatch: got 123 want abcdef", s.getDescription());

    Result<StreamAck> wrongMember = new Result<>();
    stub(b).stream(wrongMember).onNext(MessageBatch.newBuilder()
        .setHeader(PeerHeaders.header(0xabcdefL, 1, 0x33)).build());
    s = wrongMember.status();
    assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode());
    assertEquals("member ID mismatch: got 33 want 22", s.getDescription());

    Result<StreamAck> noHeader = new Result<>();
    stub(b).stream(noHeader).onNext(MessageBatch.newBuilder()
        .addMessages(MessageCodec.toProto(PeerTransportTest.app(1, 0x22, 0))).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, noHeader.status().getCode());
    assertTrue(b.inbox.received.isEmpty());

    Result<SnapshotAck> snapWrongCluster = new Result<>();
    stub(b).sendSnapshot(snapWrongCluster).onNext(SnapshotChunk.newBuilder()
        .setHeader(PeerHeaders.header(0x123L, 1, 0x22))
        .setMessage(MessageCodec.toProto(msgSnap(1, 0x22, 1))).build());
    assertEquals("cluster ID mismatch: got 123 want abcdef", snapWrongCluster.status().getDescription());
  }

  @Test
  void streamDeliversInOrderAndAcksOnCompletion() throws Exception {
    TestNode b = track(new TestNode(CLUSTER, 2).listen());
    Result<StreamAck> result = new Result<>();
    StreamObserver<MessageBatch> call = stub(b).stream(result);
    call.onNext(MessageBatch.newBuilder().setHeader(PeerHeaders.header(CLUSTER, 1, 2))
        .addMessages(MessageCodec.toProto(PeerTransportTest.app(1, 2, 0))).build());
    call.onNext(MessageBatch.newBuilder()
        .addMessages(MessageCodec.toProto(PeerTransportTest.app(1, 2, 1)))
        .addMessages(MessageCodec.toProto(PeerTransportTest.app(1, 2, 2))).build());
    call.onCompleted();
    assertEquals(StreamAck.getDefaultInstance(), result.get());
    PeerTransportTest.assertInOrder(b.inbox.take(3, 5000), 1, 0);
  }

  @Test
  void membersAndVersionEndpoints() throws Exception {
    long id = Long.parseUnsignedLong("10276657743932975437");
    List<PeerMember> members = List.of(
        new PeerMember(id, "infra0", List.of("http://127.0.0.1:2380"), List.of("http://127.0.0.1:2379"), false));
    TestNode b = track(new TestNode(0xcdf818194e3a8c32L, id).listen(members));
    WebClient http = WebClient.of(b.url);

    AggregatedHttpResponse res = http.get("/members").aggregate().join();
    assertEquals(200, res.status().code());
    assertEquals("[{\"id\":10276657743932975437,\"peerURLs\":[\"http://127.0.0.1:2380\"],\"name\":\"infra0\","
        + "\"clientURLs\":[\"http://127.0.0.1:2379\"]}]\n", res.contentUtf8());
    assertEquals("cdf818194e3a8c32", res.headers().get("X-Etcd-Cluster-ID"));
    assertEquals("application/json", res.headers().contentType().toString());

    AggregatedHttpResponse ver = http.get("/version").aggregate().join();
    assertEquals(200, ver.status().code());
    assertEquals("{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}", ver.contentUtf8());

    AggregatedHttpResponse post = http.execute(
        com.linecorp.armeria.common.HttpRequest.of(HttpMethod.POST, "/members")).aggregate().join();
    assertEquals(405, post.status().code());
    assertEquals("GET", post.headers().get("allow"));
  }

  @Test
  void listenerLogsEtcdLine() {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger embed = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("embed");
    embed.addAppender(logs);
    try {
      TestNode b = track(new TestNode(CLUSTER, 2).listen());
      assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO
          && e.getFormattedMessage().equals("listening for peers on " + b.url)), logs.list.toString());
    } finally {
      embed.detachAppender(logs);
    }
  }
}
