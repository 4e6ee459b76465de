package dev.etcdj.server.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.etcdj.api.internal.V2Request;
import dev.etcdj.api.internal.V2Response;
import dev.etcdj.server.v2store.V2Error;
import dev.etcdj.server.v2store.V2Store;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.WriteTxn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** v2 requests applied in the entry's write transaction, and the tree reloaded from the backend. */
class V2ApplierTest {
  private static final long T0 = 1_800_000_000_000_000_000L;

  @TempDir
  Path dir;

  private static V2Response apply(MvccStore backend, V2Applier applier, long index, V2Request r) {
    try (WriteTxn txn = backend.beginWrite(index)) {
      ApplyResult result = applier.apply(new ApplyTxn(txn, backend.compactRevision()), r);
      txn.end();
      return (V2Response) result.response();
    }
  }

  private static V2Request put(String path, String value) {
    return V2Request.newBuilder().setMethod("PUT").setPath(path).setVal(value).build();
  }

  @Test
  void writesAreDurableWithTheirIndexAndReloaded() {
    try (MvccStore backend = MvccStore.open(dir.resolve("db"))) {
      V2Applier applier = new V2Applier(new V2Store(() -> T0, "/0", "/1"));
      V2Response set = apply(backend, applier, 5, put("/1/foo", "bar"));
      assertTrue(set.getCreated());
      assertEquals(1, set.getEtcdIndex());
      assertEquals("{\"action\":\"set\",\"node\":{\"key\":\"/foo\",\"value\":\"bar\",\"modifiedIndex\":1,"
          + "\"createdIndex\":1}}\n", set.getEventJson());
      apply(backend, applier, 6, V2Request.newBuilder().setMethod("PUT").setPath("/1/ttl").setVal("t")
          .setExpiration(T0 + 1_000_000_000L).build());

      V2Response exists = apply(backend, applier, 7, put("/1/foo", "again").toBuilder().setPrevExist(false).build());
      assertEquals(V2Error.NODE_EXIST, exists.getErrorCode());
      assertEquals("/1/foo", exists.getErrorCause());
      assertEquals(7, backend.consistentIndex());
    }
    try (MvccStore reopened = MvccStore.open(dir.resolve("db"))) {
      V2Store restored = new V2Store(() -> T0, "/0", "/1");
      V2Applier applier = new V2Applier(restored);
      applier.reload(reopened);
      assertEquals(2, restored.index());
      assertEquals("bar", restored.get("/1/foo", false, false).node().value());

      V2Response sync = apply(reopened, applier, 8, V2Request.newBuilder().setMethod("SYNC")
          .setTime(T0 + 2_000_000_000L).build());
      assertEquals(0, sync.getErrorCode());
      V2Response gone = apply(reopened, applier, 9, V2Request.newBuilder().setMethod("QGET").setPath("/1/ttl").build());
      assertEquals(V2Error.KEY_NOT_FOUND, gone.getErrorCode());
      assertEquals(3, gone.getErrorIndex(), "the expiry took index 3 on every member alike");
    }
  }
}
