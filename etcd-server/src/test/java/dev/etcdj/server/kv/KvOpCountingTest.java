package dev.etcdj.server.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.storage.mvcc.RangeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** etcd counts each applied request's ranges, puts and deletes (its etcd_mvcc_*_total metrics). */
class KvOpCountingTest {
  /** A single-version key space: enough for the counting, which never looks at history. */
  private static final class MapView implements KvView {
    final Map<String, String> data = new TreeMap<>();
    long revision = 1;

    @Override
    public RangeResult range(byte[] key, byte[] rangeEnd, long rev, long limit, boolean countOnly) {
      String v = data.get(new String(key));
      List<KeyValue> kvs = v == null ? List.of()
          : List.of(KeyValue.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFromUtf8(v)).build());
      return new RangeResult(kvs, kvs.size(), revision);
    }

    @Override
    public long revision() {
      return revision;
    }

    @Override
    public long compactRevision() {
      return 0;
    }

    @Override
    public void put(byte[] key, byte[] value, long lease) {
      data.put(new String(key), new String(value));
      revision++;
    }

    @Override
    public long deleteRange(byte[] key, byte[] rangeEnd) {
      return data.remove(new String(key)) == null ? 0 : 1;
    }
  }

  private final List<int[]> counted = new ArrayList<>();
  private final KvApplier applier = new KvApplier(id -> true, (r, p, d) -> counted.add(new int[] {r, p, d}));

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void putAndDeleteCountOnceEach() {
    MapView view = new MapView();
    applier.put(view, PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).build());
    applier.deleteRange(view, DeleteRangeRequest.newBuilder().setKey(bs("k")).build());
    applier.deleteRange(view, DeleteRangeRequest.newBuilder().setKey(bs("absent")).build());
    assertEquals(List.of("0,1,0", "0,0,1", "0,0,1"), counted.stream().map(KvOpCountingTest::text).toList());
  }

  @Test
  void aTxnCountsItsCompareReadsAndItsOperations() {
    MapView view = new MapView();
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(bs("a")).setTarget(Compare.CompareTarget.VERSION)
            .setResult(Compare.CompareResult.EQUAL).setVersion(0))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs("a")).setValue(bs("1"))))
        .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs("b")).setValue(bs("2"))))
        .build();
    applier.txn(view, txn);
    int[] c = counted.get(0);
    assertEquals(2, c[1]);
    assertEquals(0, c[2]);
    assertEquals(true, c[0] >= 1, "the compare read the key");
  }

  private static String text(int[] c) {
    return c[0] + "," + c[1] + "," + c[2];
  }
}
