package dev.etcdj.server.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.etcdj.api.Event;
import dev.etcdj.api.WatchCancelRequest;
import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchProgressRequest;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Armeria gRPC server + WatchService + an applier thread, driven by jetcd and a raw stub. */
class WatchServiceE2ETest {
  @TempDir Path dir;
  Harness h;
  WatchService service;
  Server server;
  ExecutorService applier;
  Client client;
  String endpoint;

  @BeforeEach
  void start() {
    h = new Harness(dir, 256);
    service = new WatchService(h.hub,
        hdr -> hdr.toBuilder().setClusterId(11).setMemberId(22).setRaftTerm(3).build(),
        Duration.ofMillis(200), 64 * 1024 - WatchService.GRPC_OVERHEAD_BYTES + 0);
    server = Server.builder().http(0).gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        .service(GrpcService.builder().addService(service).build())
        .build();
    server.start().join();
    endpoint = "http://127.0.0.1:" + server.activeLocalPort();
    applier = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    server.stop().join();
    service.close();
    applier.shutdown();
    applier.awaitTermination(10, TimeUnit.SECONDS);
    h.close();
  }

  private long put(String k, String v) throws Exception {
    return applier.submit(() -> h.put(k, v)).get();
  }

  private long delete(String k) throws Exception {
    return applier.submit(() -> h.delete(k, null)).get();
  }

  private static ByteSequence bseq(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private Client jetcd() {
    client = Client.builder().endpoints(endpoint).build();
    return client;
  }

  @Test
  void jetcdSeesEventsInOrderWithPrevKvAndCancels() throws Exception {
    Watch wc = jetcd().getWatchClient();
    List<WatchEvent> got = new CopyOnWriteArrayList<>();
    List<Throwable> errs = new CopyOnWriteArrayList<>();
    Watch.Watcher w = wc.watch(bseq("k"), WatchOption.builder().withPrevKV(true).build(),
        Watch.listener(r -> got.addAll(r.getEvents()), errs::add));
    Harness.await(() -> h.hub.watcherCount() == 1, 10000);
    for (int i = 0; i < 200; i++) {
      put("k", "v" + i);
      put("other", "x");
    }
    delete("k");
    Harness.await(() -> got.size() == 201, 10000);
    for (int i = 0; i < 200; i++) {
      assertEquals(WatchEvent.EventType.PUT, got.get(i).getEventType());
      assertEquals("v" + i, got.get(i).getKeyValue().getValue().toString(StandardCharsets.UTF_8));
      if (i > 0) {
        assertEquals("v" + (i - 1),
            got.get(i).getPrevKV().getValue().toString(StandardCharsets.UTF_8));
      }
    }
    assertEquals(WatchEvent.EventType.DELETE, got.get(200).getEventType());
    w.close();
    Harness.await(() -> h.hub.watcherCount() == 0, 10000);
    put("k", "after");
    Thread.sleep(200);
    assertEquals(201, got.size());
    assertTrue(errs.isEmpty(), errs.toString());
  }

  @Test
  void jetcdPrefixFromPastRevisionAndFilters() throws Exception {
    long first = put("dir/a", "1");
    put("dir/b", "2");
    put("dirx", "no");
    delete("dir/a");
    Watch wc = jetcd().getWatchClient();
    List<WatchEvent> all = new CopyOnWriteArrayList<>();
    List<WatchEvent> deletes = new CopyOnWriteArrayList<>();
    wc.watch(bseq("dir/"), WatchOption.builder().isPrefix(true).withRevision(first).build(),
        r -> all.addAll(r.getEvents()));
    wc.watch(bseq("dir/"), WatchOption.builder().isPrefix(true).withNoPut(true).build(),
        r -> deletes.addAll(r.getEvents()));
    Harness.await(() -> all.size() == 3 && h.hub.watcherCount() == 2, 10000);
    put("dir/c", "3");
    delete("dir/b");
    Harness.await(() -> all.size() == 5 && deletes.size() == 1, 10000);
    List<String> keys = new ArrayList<>();
    for (WatchEvent e : all) {
      keys.add(e.getEventType() + ":" + e.getKeyValue().getKey().toString(StandardCharsets.UTF_8));
    }
    assertEquals(List.of("PUT:dir/a", "PUT:dir/b", "DELETE:dir/a", "PUT:dir/c", "DELETE:dir/b"),
        keys);
    assertEquals("dir/b", deletes.get(0).getKeyValue().getKey().toString(StandardCharsets.UTF_8));
  }

  @Test
  void jetcdGetsCompactedError() throws Exception {
    for (int i = 0; i < 10; i++) {
      put("c", "v" + i);
    }
    long compactAt = applier.submit(() -> {
      long r = h.store.currentRevision() - 2;
      h.store.compact(r);
      return r;
    }).get();
    AtomicReference<Throwable> err = new AtomicReference<>();
    jetcd().getWatchClient().watch(bseq("c"), WatchOption.builder().withRevision(2).build(),
        Watch.listener(r -> { }, err::set));
    Harness.await(() -> err.get() != null, 10000);
    CompactedException ce = assertInstanceOf(CompactedException.class, err.get());
    assertEquals(compactAt, ce.getCompactedRevision());
    Harness.await(() -> h.hub.watcherCount() == 0, 10000);
  }

  /** Raw stream: created header, ids, progress, cancel, fragments, header filler. */
  @Test
  void rawStreamProtocol() throws Exception {
    WatchGrpc.WatchStub stub = GrpcClients.builder(endpoint).maxResponseLength(0)
        .build(WatchGrpc.WatchStub.class);
    BlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<WatchRequest> req = stub.watch(new StreamObserver<>() {
      @Override public void onNext(WatchResponse r) {
        q.add(r);
      }

      @Override public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override public void onCompleted() {
        done.complete(null);
      }
    });
    long cur = h.store.currentRevision();
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("a"))));
    WatchResponse c0 = poll(q);
    assertTrue(c0.getCreated());
    assertEquals(0, c0.getWatchId());
    assertEquals(cur, c0.getHeader().getRevision());
    assertEquals(11, c0.getHeader().getClusterId());
    assertEquals(22, c0.getHeader().getMemberId());
    assertEquals(3, c0.getHeader().getRaftTerm());
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("a")).setWatchId(100)));
    assertEquals(100, poll(q).getWatchId());
    service.setCreateAuthorizer(
        c -> c.getKey().toStringUtf8().equals("secret") ? "etcdserver: permission denied" : null);
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("secret"))));
    WatchResponse denied = poll(q);
    assertTrue(denied.getCreated() && denied.getCanceled());
    assertEquals(-1, denied.getWatchId());
    assertEquals("etcdserver: permission denied", denied.getCancelReason());
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("a")).setWatchId(100)));
    WatchResponse dup = poll(q);
    assertTrue(dup.getCreated() && dup.getCanceled());
    assertEquals(-1, dup.getWatchId());
    assertEquals("mvcc: duplicate watch ID provided on the WatchStream", dup.getCancelReason());
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("a"))));
    assertEquals(1, poll(q).getWatchId());
    // progress_notify watcher: periodic progress (interval 200 ms in this test)
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("p")).setProgressNotify(true)));
    long pid = poll(q).getWatchId();
    long r = put("a", "1");
    List<WatchResponse> evs = List.of(poll(q), poll(q), poll(q));
    for (WatchResponse e : evs) {
      assertEquals(r, e.getHeader().getRevision());
      assertEquals(1, e.getEventsCount());
    }
    WatchResponse prog = poll(q);
    assertEquals(pid, prog.getWatchId());
    assertEquals(0, prog.getEventsCount());
    assertEquals(r, prog.getHeader().getRevision());
    // progress request: watch id -1
    req.onNext(WatchRequest.newBuilder()
        .setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    WatchResponse pr = nextNot(q, pid);
    assertEquals(-1, pr.getWatchId());
    assertEquals(r, pr.getHeader().getRevision());
    // cancel
    req.onNext(WatchRequest.newBuilder()
        .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(100)).build());
    WatchResponse cr = nextNot(q, pid);
    assertTrue(cr.getCanceled());
    assertEquals(100, cr.getWatchId());
    // fragments: a history replay of 40 x 4 KiB events with a 64 KiB limit
    for (int i = 0; i < 40; i++) {
      put("big", "x".repeat(4096) + i);
    }
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("big")).setStartRevision(1)
        .setFragment(true).setWatchId(7)));
    assertTrue(nextNot(q, pid).getCreated());
    List<Event> all = new ArrayList<>();
    int frags = 0;
    while (all.size() < 40) {
      WatchResponse f = nextNot(q, pid);
      assertEquals(7, f.getWatchId());
      assertTrue(f.getSerializedSize() < 64 * 1024);
      all.addAll(f.getEventsList());
      frags++;
      assertEquals(all.size() < 40, f.getFragment());
    }
    assertTrue(frags > 1);
    for (int i = 0; i < 40; i++) {
      assertTrue(all.get(i).getKv().getValue().toStringUtf8().endsWith("x" + i));
    }
    assertEquals(4, h.hub.watcherCount()); // 0, 1, pid, 7 (100 canceled)
    req.onCompleted();
    done.get(10, TimeUnit.SECONDS);
    Harness.await(() -> h.hub.watcherCount() == 0, 10000);
  }

  /** A client that cancels the RPC: all watchers of the stream are removed. */
  @Test
  void rpcCancelCleansUp() throws Exception {
    WatchGrpc.WatchStub stub = GrpcClients.builder(endpoint).build(WatchGrpc.WatchStub.class);
    BlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
    AtomicReference<ClientCallStreamObserver<WatchRequest>> call = new AtomicReference<>();
    StreamObserver<WatchRequest> req = stub.watch(
        new ClientResponseObserver<WatchRequest, WatchResponse>() {
          @Override public void beforeStart(ClientCallStreamObserver<WatchRequest> r) {
            call.set(r);
          }

          @Override public void onNext(WatchResponse r) {
            q.add(r);
          }

          @Override public void onError(Throwable t) { }

          @Override public void onCompleted() { }
        });
    for (int i = 0; i < 20; i++) {
      req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("x" + i))
          .setStartRevision(i % 2 == 0 ? 0 : 1)));
    }
    for (int i = 0; i < 20; i++) {
      assertTrue(poll(q).getCreated());
    }
    assertEquals(20, h.hub.watcherCount());
    call.get().cancel("bye", null);
    Harness.await(() -> h.hub.watcherCount() == 0, 10000);
    put("x1", "after");
  }

  /** A client that does not read: its watcher falls behind, then catches up exactly. */
  @Test
  void slowClientFallsBehindAndCatchesUp() throws Exception {
    WatchGrpc.WatchStub stub = GrpcClients.builder(endpoint).maxResponseLength(0)
        .build(WatchGrpc.WatchStub.class);
    BlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
    AtomicReference<ClientCallStreamObserver<WatchRequest>> call = new AtomicReference<>();
    StreamObserver<WatchRequest> req = stub.watch(
        new ClientResponseObserver<WatchRequest, WatchResponse>() {
          @Override public void beforeStart(ClientCallStreamObserver<WatchRequest> r) {
            call.set(r);
            r.disableAutoRequestWithInitial(1);
          }

          @Override public void onNext(WatchResponse r) {
            q.add(r);
          }

          @Override public void onError(Throwable t) { }

          @Override public void onCompleted() { }
        });
    req.onNext(create(WatchCreateRequest.newBuilder().setKey(bs("s"))));
    assertTrue(poll(q).getCreated());
    int n = 3000;
    String pad = "y".repeat(2000);
    boolean fellBehind = false;
    for (int i = 0; i < n; i++) {
      put("s", pad + i);
      fellBehind |= h.hub.unsyncedCount() > 0;
    }
    assertTrue(fellBehind, "the watcher of a non-reading client should become unsynced");
    call.get().request(Integer.MAX_VALUE);
    int seen = 0;
    while (seen < n) {
      WatchResponse r = poll(q);
      for (Event e : r.getEventsList()) {
        assertEquals(pad + seen, e.getKv().getValue().toStringUtf8());
        seen++;
      }
    }
    Harness.await(() -> h.hub.unsyncedCount() == 0, 10000);
    put("s", "end");
    assertEquals("end", poll(q).getEvents(0).getKv().getValue().toStringUtf8());
    req.onCompleted();
  }

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static WatchRequest create(WatchCreateRequest.Builder b) {
    return WatchRequest.newBuilder().setCreateRequest(b).build();
  }

  private static WatchResponse poll(BlockingQueue<WatchResponse> q) throws Exception {
    WatchResponse r = q.poll(10, TimeUnit.SECONDS);
    assertNotNull(r, "no response");
    return r;
  }

  /** Next response that is not a periodic progress of watch {@code skip}. */
  private static WatchResponse nextNot(BlockingQueue<WatchResponse> q, long skip)
      throws Exception {
    while (true) {
      WatchResponse r = poll(q);
      if (r.getWatchId() == skip && r.getEventsCount() == 0 && !r.getCanceled()) {
        continue;
      }
      return r;
    }
  }

  @Test
  void fragmentsSplitAsEtcd() {
    WatchResponse.Builder base = WatchResponse.newBuilder().setWatchId(1);
    List<Event> evs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      evs.add(Event.newBuilder().setKv(dev.etcdj.api.KeyValue.newBuilder()
          .setKey(bs("k")).setValue(bs("v".repeat(100)))).build());
    }
    List<WatchResponse> one = WatchService.fragments(base, evs, 100000);
    assertEquals(1, one.size());
    assertFalse(one.get(0).getFragment());
    List<WatchResponse> fr = WatchService.fragments(base, evs, 300);
    assertTrue(fr.size() > 1);
    int total = 0;
    for (int i = 0; i < fr.size(); i++) {
      assertEquals(i < fr.size() - 1, fr.get(i).getFragment());
      assertTrue(fr.get(i).getSerializedSize() < 300 || fr.get(i).getEventsCount() == 1);
      total += fr.get(i).getEventsCount();
    }
    assertEquals(10, total);
  }
}
