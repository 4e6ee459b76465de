package dev.etcdj.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.lease.LeaseApplier;
import dev.etcdj.server.lease.Lessor;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CORRUPT alarm, applied through Raft, makes every member refuse writes until disarmed. */
class CorruptApplierTest {
  @TempDir
  Path dir;

  MvccStore store;
  final AlarmStore alarms = new AlarmStore();
  Applier applier;
  long index;

  @BeforeEach
  void open() {
    store = MvccStore.open(dir.resolve("db"));
    Lessor lessor = new Lessor(System::nanoTime, 1);
    applier = new CorruptApplier(new CappedApplier(new BackendApplier(store, new KvApplier(lessor), alarms,
        new CompactionTracker(), new LeaseApplier(lessor, () -> { }, () -> { })), alarms), alarms);
  }

  @AfterEach
  void close() {
    store.close();
  }

  ApplyResult apply(BiFunction<Applier, ApplyTxn, ApplyResult> op) {
    try (WriteTxn txn = store.beginWrite(++index)) {
      ApplyResult r = op.apply(applier, new ApplyTxn(txn, store.compactRevision()));
      txn.end();
      return r;
    }
  }

  static AlarmRequest corrupt(AlarmRequest.AlarmAction action) {
    return AlarmRequest.newBuilder().setAction(action).setMemberID(0).setAlarm(AlarmType.CORRUPT).build();
  }

  static PutRequest put(String k) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k)).setValue(ByteString.copyFromUtf8("v")).build();
  }

  @Test
  void writesRefusedWhileCorruptAndAllowedAfterDisarm() {
    assertNull(apply((a, t) -> a.put(t, put("before"))).error());
    assertNull(apply((a, t) -> a.alarm(t, corrupt(AlarmRequest.AlarmAction.ACTIVATE))).error());
    assertEquals(1, store.scanMeta(AlarmStore.BUCKET).size(), "the alarm is stored with the entry");

    assertEquals(EtcdError.CORRUPT, apply((a, t) -> a.put(t, put("k"))).error().error());
    assertEquals(EtcdError.CORRUPT, apply((a, t) -> a.deleteRange(t,
        DeleteRangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("before")).build())).error().error());
    assertEquals(EtcdError.CORRUPT, apply((a, t) -> a.txn(t, TxnRequest.getDefaultInstance())).error().error());
    assertEquals(EtcdError.CORRUPT, apply((a, t) -> a.leaseGrant(t,
        LeaseGrantRequest.newBuilder().setID(7).setTTL(60).build())).error().error());
    assertEquals(EtcdError.CORRUPT, applier.compaction(CompactionRequest.newBuilder().setRevision(1).build(), ++index)
        .error().error());
    assertEquals("etcdserver: corrupt cluster", EtcdError.CORRUPT.message());
    assertEquals(2, store.currentRevision(), "nothing was written while corrupt");

    assertNull(apply((a, t) -> a.alarm(t, corrupt(AlarmRequest.AlarmAction.DEACTIVATE))).error());
    assertEquals(0, store.scanMeta(AlarmStore.BUCKET).stream().map(MetaEntry::key).count());
    assertNull(apply((a, t) -> a.put(t, put("after"))).error());
    assertEquals(3, store.currentRevision());
  }
}
