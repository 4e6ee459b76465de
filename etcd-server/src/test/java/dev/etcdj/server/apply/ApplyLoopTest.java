package dev.etcdj.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.api.internal.RequestHeader;
import dev.etcdj.server.auth.Auth;
import dev.etcdj.server.consensus.CommittedEntry;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.lease.LeaseApplier;
import dev.etcdj.server.lease.Lessor;
import dev.etcdj.server.v2store.V2Store;
import dev.etcdj.storage.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ApplyLoop#applyHere}: the consensus thread applies on its own thread only when the apply
 * thread has nothing left, so entries still apply once each and in log order.
 */
class ApplyLoopTest {
  private record Applied(long revision, String thread) {}

  @TempDir
  Path dir;

  MvccStore store;
  AppliedIndex applied;
  ApplyLoop loop;
  final List<Applied> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    store = MvccStore.open(dir.resolve("db"));
    applied = new AppliedIndex(0);
    Lessor lessor = new Lessor(System::nanoTime, 1);
    Auth auth = new Auth("simple", 4, 300, false, lessor::keysOf, applied::await);
    auth.recover(store);
    Applier applier = new BackendApplier(store, new KvApplier(lessor), new AlarmStore(), new CompactionTracker(),
        new LeaseApplier(lessor, () -> { }, () -> { }));
    // no entry here changes membership, so the loop never reaches a membership applier
    loop = new ApplyLoop(store, applier, null, new WaitRegistry(1, Runnable::run), applied, 1, index -> { },
        index -> { }, (changes, revision) -> events.add(new Applied(revision, Thread.currentThread().getName())),
        new V2Applier(new V2Store(V2Store::unixNanos, "/0", V2Applier.KEYS_PREFIX)), auth.applier());
  }

  @AfterEach
  void close() {
    loop.close();
    store.close();
  }

  /** A put of key "k{index}". */
  static CommittedEntry put(long index) {
    byte[] data = InternalRequest.newBuilder()
        .setHeader(RequestHeader.newBuilder().setId(index).setMemberId(2))
        .setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k" + index)).setValue(ByteString.copyFromUtf8("v")))
        .build().toByteArray();
    return new CommittedEntry(CommittedEntry.Kind.NORMAL, index, 1, data);
  }

  @Test
  void appliesPutsOnTheCallingThreadWhenNothingIsQueued() {
    loop.start();
    assertTrue(loop.applyHere(List.of(new CommittedEntry(CommittedEntry.Kind.NORMAL, 1, 1, new byte[0]), put(2), put(3))));
    assertEquals(3, applied.get(), "applied before applyHere returns");
    assertEquals(3, store.consistentIndex());
    String caller = Thread.currentThread().getName();
    assertEquals(List.of(new Applied(2, caller), new Applied(3, caller)), events);
  }

  @Test
  void leavesUnboundedWorkMembershipChangesAndSnapshotsToTheApplyThread() {
    loop.start();
    byte[] deleteAll = InternalRequest.newBuilder()
        .setDeleteRange(DeleteRangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("\0")).setRangeEnd(ByteString.copyFromUtf8("\0")))
        .build().toByteArray();
    assertFalse(loop.applyHere(List.of(put(1), new CommittedEntry(CommittedEntry.Kind.NORMAL, 2, 1, deleteAll))));
    assertFalse(loop.applyHere(List.of(put(1), new CommittedEntry(CommittedEntry.Kind.CONF_CHANGE, 2, 1, new byte[0]))));
    assertFalse(loop.applyHere(List.of(new CommittedEntry(CommittedEntry.Kind.SNAPSHOT, 5, 1, new byte[0]))));
    assertEquals(0, applied.get(), "a refused batch is not applied in part");
    assertTrue(events.isEmpty());
  }

  @Test
  void leavesEntriesToTheApplyThreadWhileItHasABacklog() throws Exception {
    loop.accept(List.of(put(1)));
    assertFalse(loop.applyHere(List.of(put(2))), "entry 1 is still waiting for the apply thread");
    loop.accept(List.of(put(2)));
    loop.start();
    applied.await(2).get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean here = false;
    while (!here && System.nanoTime() < deadline) {
      here = loop.applyHere(List.of(put(3)));
    }
    assertTrue(here, "the apply thread finished its backlog");
    assertEquals(List.of(2L, 3L, 4L), events.stream().map(Applied::revision).toList(), "in log order, once each");
    assertEquals(List.of("apply", "apply", Thread.currentThread().getName()),
        events.stream().map(Applied::thread).toList());
  }
}
