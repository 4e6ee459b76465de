package dev.etcdj.server.kv;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import org.junit.jupiter.api.Test;

class RequestValidationTest {
  static RequestOp put(String k) {
    return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k))).build();
  }

  static RequestOp del(String k, String end) {
    return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8(k)).setRangeEnd(ByteString.copyFromUtf8(end))).build();
  }

  static RequestOp txn(TxnRequest t) {
    return RequestOp.newBuilder().setRequestTxn(t).build();
  }

  static EtcdError error(TxnRequest t, int maxOps) {
    return assertThrows(EtcdException.class, () -> RequestValidation.checkTxn(t, maxOps)).error();
  }

  @Test
  void twoPutsOfOneKeyAreDuplicates() {
    assertEquals(EtcdError.DUPLICATE_KEY, error(TxnRequest.newBuilder().addSuccess(put("a")).addSuccess(put("a")).build(), 128));
  }

  @Test
  void putInsideADeletedRangeIsADuplicate() {
    assertEquals(EtcdError.DUPLICATE_KEY,
        error(TxnRequest.newBuilder().addSuccess(del("a", "c")).addSuccess(put("b")).build(), 128));
    assertDoesNotThrow(() -> RequestValidation.checkTxn(
        TxnRequest.newBuilder().addSuccess(del("a", "c")).addSuccess(put("c")).build(), 128));
  }

  @Test
  void branchesOfOneNestedTxnMayPutTheSameKey() {
    TxnRequest nested = TxnRequest.newBuilder().addSuccess(put("k")).addFailure(put("k")).build();
    assertDoesNotThrow(() -> RequestValidation.checkTxn(TxnRequest.newBuilder().addSuccess(txn(nested)).build(), 128));
    assertEquals(EtcdError.DUPLICATE_KEY,
        error(TxnRequest.newBuilder().addSuccess(txn(nested)).addSuccess(put("k")).build(), 128));
  }

  @Test
  void opLimitAndEmptyOps() {
    TxnRequest.Builder many = TxnRequest.newBuilder();
    for (int i = 0; i < 4; i++) {
      many.addSuccess(put("k" + i));
    }
    assertEquals(EtcdError.TOO_MANY_OPS, error(many.build(), 3));
    assertEquals(EtcdError.KEY_NOT_FOUND, error(TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build(), 128));
    assertEquals(EtcdError.EMPTY_KEY, error(TxnRequest.newBuilder().addSuccess(put("")).build(), 128));
  }

  @Test
  void putFlagsConflictWithValues() {
    assertEquals(EtcdError.VALUE_PROVIDED, assertThrows(EtcdException.class, () -> RequestValidation.checkPut(
        PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))
            .setIgnoreValue(true).build())).error());
    assertEquals(EtcdError.LEASE_PROVIDED, assertThrows(EtcdException.class, () -> RequestValidation.checkPut(
        PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setLease(5).setIgnoreLease(true).build())).error());
  }
}
