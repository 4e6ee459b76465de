package dev.etcdj.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etcdj.api.AlarmType;
import dev.etcdj.api.Event;
import dev.etcdj.api.Member;
import dev.etcdj.server.apply.AlarmStore;
import dev.etcdj.server.lease.LeaseRecord;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.mvcc.CompactedException;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.StoreExport;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our store -> etcd's bbolt layout -> a new store keeps history, compaction and meta records. */
class BoltBackupTest {
  @TempDir
  Path tmp;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripKeepsEverything() {
    Path file = tmp.resolve("snap.db");
    Member m = Member.newBuilder().setID(0x8e9e05c52164694dL).setName("infra0")
        .addPeerURLs("http://127.0.0.10:2380").addClientURLs("http://127.0.0.10:2379").build();
    try (MvccStore src = MvccStore.open(tmp.resolve("src"))) {
      long ci = 10;
      for (String[] op : List.of(new String[] {"a", "1"}, new String[] {"b", "2"}, new String[] {"a", "3"},
          new String[] {"b", null}, new String[] {"c", "4"})) {
        try (WriteTxn t = src.beginWrite(ci++)) {
          if (op[1] == null) {
            t.deleteRange(b(op[0]), null);
          } else {
            t.put(b(op[0]), b(op[1]), op[0].equals("c") ? 7 : 0);
          }
          t.end();
        }
      }
      try (WriteTxn t = src.beginWrite(ci++)) {
        t.putMeta(LeaseRecord.BUCKET, LeaseRecord.key(7), new LeaseRecord(7, 60).value());
        t.putMeta("members", ByteBuffer.allocate(8).putLong(m.getID()).array(), m.toByteArray());
        t.putMeta("members_removed", ByteBuffer.allocate(8).putLong(5).array(), new byte[0]);
        t.putMeta(AlarmStore.BUCKET, AlarmStore.key(m.getID(), AlarmType.NOSPACE), new byte[0]);
        t.end();
      }
      src.compact(3, ci).join();
      try (StoreExport view = src.beginExport()) {
        BoltBackup.write(view, file);
      }
    }
    try (BoltReader db = BoltReader.open(file); MvccStore dst = MvccStore.open(tmp.resolve("dst"))) {
      assertEquals(List.of(), db.check());
      BoltImport.Result r = BoltImport.load(db, dst, true, -1);
      assertEquals(6, r.revision());
      assertEquals(16, r.consistentIndex());
      assertEquals(3, dst.compactRevision());
      assertThrows(CompactedException.class, () -> dst.range(b("a"), null, 2, 0, false));
      assertEquals("1", dst.range(b("a"), null, 3, 0, false).kvs().get(0).getValue().toStringUtf8());
      assertEquals("2", dst.range(b("b"), null, 4, 0, false).kvs().get(0).getValue().toStringUtf8());
      assertEquals(0, dst.range(b("b"), null, 5, 0, false).count());
      assertEquals(7, dst.range(b("c"), null, 0, 0, false).kvs().get(0).getLease());
      List<Event> events = dst.events(4, 0, b("a"), new byte[] {0});
      assertEquals(List.of(Event.EventType.PUT, Event.EventType.DELETE, Event.EventType.PUT),
          events.stream().map(Event::getType).toList());
      assertEquals(5, events.get(1).getKv().getModRevision());
      MetaEntry member = dst.scanMeta("members").get(0);
      assertEquals(m, Member.parseFrom(member.value()));
      assertEquals(5, ByteBuffer.wrap(dst.scanMeta("members_removed").get(0).key()).getLong());
      assertArrayEquals(AlarmStore.key(m.getID(), AlarmType.NOSPACE), dst.scanMeta(AlarmStore.BUCKET).get(0).key());
      assertEquals(new LeaseRecord(7, 60), LeaseRecord.decode(dst.scanMeta(LeaseRecord.BUCKET).get(0).value()));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void membersAndAlarmsUseEtcdsKeys() {
    byte[] json = EtcdBuckets.memberJson(Member.newBuilder().setID(-1L).addPeerURLs("http://a:2380").build()
        .toByteArray());
    assertEquals("{\"id\":18446744073709551615,\"peerURLs\":[\"http://a:2380\"]}", new String(json, StandardCharsets.UTF_8));
    assertEquals("ffffffffffffffff", new String(EtcdBuckets.memberKey(-1L), StandardCharsets.UTF_8));
    assertEquals(-1L, EtcdBuckets.memberId(EtcdBuckets.memberKey(-1L)));
    byte[] ours = AlarmStore.key(42, AlarmType.CORRUPT);
    assertArrayEquals(ours, EtcdBuckets.ourAlarmKey(EtcdBuckets.alarmKey(ours)));
  }
}
