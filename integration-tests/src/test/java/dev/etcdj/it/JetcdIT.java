package dev.etcdj.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** jetcd, the Java etcd client, against a real server process of ours. */
class JetcdIT extends OneServerTest {
  static KV kv;

  @BeforeAll
  static void clients() {
    kv = client.getKVClient();
  }

  @Test
  void putGetDeleteWithRevisions() throws Exception {
    long r1 = kv.put(bs("/j/a"), bs("1")).get().getHeader().getRevision();
    long r2 = kv.put(bs("/j/a"), bs("2"), PutOption.builder().withPrevKV().build()).get().getHeader().getRevision();
    assertEquals(r1 + 1, r2);

    GetResponse now = kv.get(bs("/j/a")).get();
    KeyValue kv1 = now.getKvs().get(0);
    assertEquals("2", kv1.getValue().toString(StandardCharsets.UTF_8));
    assertEquals(r1, kv1.getCreateRevision());
    assertEquals(r2, kv1.getModRevision());
    assertEquals(2, kv1.getVersion());

    GetResponse past = kv.get(bs("/j/a"), GetOption.builder().withRevision(r1).build()).get();
    assertEquals("1", past.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));

    kv.put(bs("/j/b"), bs("3")).get();
    assertEquals(2, kv.get(bs("/j/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get().getCount());
    long deleted = kv.delete(bs("/j/"), DeleteOption.builder().isPrefix(true).withPrevKV(true).build()).get().getDeleted();
    assertEquals(2, deleted);
    assertTrue(kv.get(bs("/j/a")).get().getKvs().isEmpty());
  }

  @Test
  void txnComparesAndBranches() throws Exception {
    kv.put(bs("/t/x"), bs("old")).get();
    TxnResponse ok = kv.txn()
        .If(new Cmp(bs("/t/x"), Cmp.Op.EQUAL, CmpTarget.value(bs("old"))))
        .Then(Op.put(bs("/t/x"), bs("new"), PutOption.DEFAULT), Op.get(bs("/t/x"), GetOption.DEFAULT))
        .Else(Op.put(bs("/t/y"), bs("else"), PutOption.DEFAULT))
        .commit().get();
    assertTrue(ok.isSucceeded());
    assertEquals("new", ok.getGetResponses().get(0).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));

    TxnResponse no = kv.txn()
        .If(new Cmp(bs("/t/x"), Cmp.Op.EQUAL, CmpTarget.value(bs("old"))))
        .Then(Op.put(bs("/t/x"), bs("newer"), PutOption.DEFAULT))
        .Else(Op.put(bs("/t/y"), bs("else"), PutOption.DEFAULT))
        .commit().get();
    assertFalse(no.isSucceeded());
    assertEquals("else", kv.get(bs("/t/y")).get().getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
  }

  @Test
  void compactedRevisionIsRefusedWithEtcdsError() throws Exception {
    long r1 = kv.put(bs("/c/k"), bs("1")).get().getHeader().getRevision();
    long r2 = kv.put(bs("/c/k"), bs("2")).get().getHeader().getRevision();
    kv.compact(r2).get();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> kv.get(bs("/c/k"), GetOption.builder().withRevision(r1).build()).get());
    assertTrue(e.getCause().getMessage().contains("required revision has been compacted"), e.getCause().getMessage());
    assertEquals("2", kv.get(bs("/c/k"), GetOption.builder().withRevision(r2).build()).get()
        .getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
  }

  @Test
  void sortedRangeWithLimitReportsMore() throws Exception {
    for (String k : List.of("c", "a", "b")) {
      kv.put(bs("/s/" + k), bs("v" + k)).get();
    }
    GetResponse r = kv.get(bs("/s/"), GetOption.builder().isPrefix(true).withLimit(2)
        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND).build()).get();
    assertEquals(List.of("/s/c", "/s/b"),
        r.getKvs().stream().map(k -> k.getKey().toString(StandardCharsets.UTF_8)).toList());
    assertTrue(r.isMore());
    assertEquals(3, r.getCount());
  }

  @Test
  void emptyKeyIsInvalidArgument() {
    ExecutionException e = assertThrows(ExecutionException.class, () -> kv.put(bs(""), bs("v")).get());
    Status status = Status.fromThrowable(e.getCause());
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), e.getCause().toString());
  }
}
