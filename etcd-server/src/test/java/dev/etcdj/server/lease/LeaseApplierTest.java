package dev.etcdj.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.kv.KvView;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.RangeResult;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grant and Revoke applied to a real store, as the apply loop does, and recovery from it. */
class LeaseApplierTest {
  @TempDir Path dir;
  MvccStore store;
  long index;
  final Lessor lessor = new Lessor(System::nanoTime, 1);
  final AtomicInteger granted = new AtomicInteger();
  final AtomicInteger revoked = new AtomicInteger();
  final LeaseApplier applier = new LeaseApplier(lessor, granted::incrementAndGet, revoked::incrementAndGet);

  @BeforeEach
  void open() {
    store = MvccStore.open(dir.resolve("db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** One apply-loop step: a write txn, then the key index learns its events. */
  void apply(BiConsumer<KvView, LeaseApplier.Meta> op) {
    try (WriteTxn txn = store.beginWrite(++index)) {
      op.accept(view(txn), meta(txn));
      List<Event> events = txn.end();
      lessor.keysChanged(events);
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void revokeDeletesAttachedKeysInOneRevisionAndForgetsTheLease() {
    apply((v, m) -> applier.grant(m, LeaseGrantRequest.newBuilder().setID(9).setTTL(60).build()));
    apply((v, m) -> v.put(b("a"), b("1"), 9));
    apply((v, m) -> v.put(b("b"), b("2"), 9));
    apply((v, m) -> v.put(b("c"), b("3"), 0));
    assertEquals(new LeaseRecord(9, 60), LeaseRecord.decode(store.getMeta(LeaseRecord.BUCKET, LeaseRecord.key(9))));
    long before = store.currentRevision();

    apply((v, m) -> applier.revoke(v, m, LeaseRevokeRequest.newBuilder().setID(9).build()));

    assertEquals(before + 1, store.currentRevision(), "one revision for all deletions");
    assertEquals(1, store.range(new byte[] {0}, new byte[] {0}, 0, 0, false).count());
    assertNull(store.getMeta(LeaseRecord.BUCKET, LeaseRecord.key(9)));
    assertEquals(List.of(), lessor.keysOf(9));
    assertEquals(1, granted.get());
    assertEquals(1, revoked.get());
    EtcdException e = assertThrows(EtcdException.class,
        () -> apply((v, m) -> applier.revoke(v, m, LeaseRevokeRequest.newBuilder().setID(9).build())));
    assertEquals(EtcdError.LEASE_NOT_FOUND, e.error());
  }

  @Test
  void recoveryRebuildsLeasesAndKeyIndexFromTheStore() {
    apply((v, m) -> applier.grant(m, LeaseGrantRequest.newBuilder().setID(1).setTTL(30).build()));
    apply((v, m) -> applier.grant(m, LeaseGrantRequest.newBuilder().setID(2).setTTL(40).build()));
    apply((v, m) -> v.put(b("x"), b("1"), 1));
    apply((v, m) -> v.put(b("y"), b("1"), 2));
    apply((v, m) -> v.put(b("x"), b("1"), 2));
    apply((v, m) -> v.deleteRange(b("y"), null));

    Lessor restarted = new Lessor(System::nanoTime, 1);
    LeaseRecovery.recover(restarted, store);
    assertEquals(List.of(1L, 2L), restarted.ids().stream().sorted().toList());
    assertEquals(30, restarted.status(1).grantedTtl());
    assertEquals(List.of(), restarted.keysOf(1));
    assertEquals(List.of(ByteString.copyFromUtf8("x")), restarted.keysOf(2));
    assertEquals(lessor.keysOf(2), restarted.keysOf(2), "the live index and the rebuilt one agree");
  }

  private static LeaseApplier.Meta meta(WriteTxn txn) {
    return new LeaseApplier.Meta() {
      @Override
      public void put(String bucket, byte[] key, byte[] value) {
        txn.putMeta(bucket, key, value);
      }

      @Override
      public void delete(String bucket, byte[] key) {
        txn.deleteMeta(bucket, key);
      }
    };
  }

  private static KvView view(WriteTxn txn) {
    return new KvView() {
      @Override
      public RangeResult range(byte[] key, byte[] rangeEnd, long revision, long limit, boolean countOnly) {
        return txn.range(key, rangeEnd, revision, limit, countOnly);
      }

      @Override
      public long revision() {
        return txn.revision();
      }

      @Override
      public long compactRevision() {
        return 0;
      }

      @Override
      public void put(byte[] key, byte[] value, long lease) {
        txn.put(key, value, lease);
      }

      @Override
      public long deleteRange(byte[] key, byte[] rangeEnd) {
        return txn.deleteRange(key, rangeEnd);
      }
    };
  }
}
