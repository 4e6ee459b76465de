package dev.etcdj.server.auth;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The key permissions a KV request needs (etcd's auth applier): reads for ranges, compares and
 * prev_kv, writes for puts and deletes, and writes on every key already attached to a lease a
 * put attaches or a revoke removes. Throws etcd's error for the first one missing.
 */
public final class RequestPermissions {
  private final AuthStore store;
  private final LongFunction<List<ByteString>> leaseKeys;

  public RequestPermissions(AuthStore store, LongFunction<List<ByteString>> leaseKeys) {
    this.store = store;
    this.leaseKeys = leaseKeys;
  }

  public void range(AuthInfo who, RangeRequest r) {
    store.checkRead(who, bytes(r.getKey()), bytes(r.getRangeEnd()));
  }

  public void put(AuthInfo who, PutRequest r) {
    store.checkWrite(who, bytes(r.getKey()), null);
    leaseKeys(who, r.getLease());
    if (r.getPrevKv()) {
      store.checkRead(who, bytes(r.getKey()), null);
    }
  }

  public void deleteRange(AuthInfo who, DeleteRangeRequest r) {
    store.checkWrite(who, bytes(r.getKey()), bytes(r.getRangeEnd()));
    if (r.getPrevKv()) {
      store.checkRead(who, bytes(r.getKey()), bytes(r.getRangeEnd()));
    }
  }

  public void txn(AuthInfo who, TxnRequest r) {
    for (Compare c : r.getCompareList()) {
      store.checkRead(who, bytes(c.getKey()), bytes(c.getRangeEnd()));
    }
    ops(who, r.getSuccessList());
    ops(who, r.getFailureList());
  }

  /** Revoking a lease deletes its keys: the user must be allowed to write each of them. */
  public void leaseKeys(AuthInfo who, long leaseId) {
    if (leaseId == 0 || !store.enabled()) {
      return;
    }
    for (ByteString key : leaseKeys.apply(leaseId)) {
      store.checkWrite(who, key.toByteArray(), null);
    }
  }

  private void ops(AuthInfo who, List<RequestOp> ops) {
    for (RequestOp op : ops) {
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> range(who, op.getRequestRange());
        case REQUEST_PUT -> {
          store.checkWrite(who, bytes(op.getRequestPut().getKey()), null);
        }
        case REQUEST_DELETE_RANGE -> deleteRange(who, op.getRequestDeleteRange());
        case REQUEST_TXN -> txn(who, op.getRequestTxn());
        default -> { }
      }
    }
  }

  private static byte[] bytes(ByteString b) {
    return b.toByteArray();
  }
}
