package dev.etcdj.server.kv;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd makes on a request before proposing it: non-empty keys, ignore_value and
 * ignore_lease without a value or lease, the txn operation limit, and no key written twice in
 * one txn (a put may not overlap another put or a delete of the same branch, nested ones
 * included; the two branches of one nested txn may put the same key).
 */
public final class RequestValidation {
  private RequestValidation() {}

  public static void checkRange(RangeRequest r) {
    requireKey(r.getKey());
  }

  public static void checkPut(PutRequest r) {
    requireKey(r.getKey());
    if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
      throw EtcdError.VALUE_PROVIDED.exception();
    }
    if (r.getIgnoreLease() && r.getLease() != 0) {
      throw EtcdError.LEASE_PROVIDED.exception();
    }
  }

  public static void checkDelete(DeleteRangeRequest r) {
    requireKey(r.getKey());
  }

  public static void checkTxn(TxnRequest r, int maxTxnOps) {
    checkTxnOps(r, maxTxnOps);
    checkIntervals(r.getSuccessList());
    checkIntervals(r.getFailureList());
  }

  private static void checkTxnOps(TxnRequest r, int maxTxnOps) {
    int ops = Math.max(r.getCompareCount(), Math.max(r.getSuccessCount(), r.getFailureCount()));
    if (ops > maxTxnOps) {
      throw EtcdError.TOO_MANY_OPS.exception();
    }
    for (Compare c : r.getCompareList()) {
      requireKey(c.getKey());
    }
    for (RequestOp op : r.getSuccessList()) {
      checkOp(op, maxTxnOps - ops);
    }
    for (RequestOp op : r.getFailureList()) {
      checkOp(op, maxTxnOps - ops);
    }
  }

  private static void checkOp(RequestOp op, int maxTxnOps) {
    switch (op.getRequestCase()) {
      case REQUEST_RANGE -> checkRange(op.getRequestRange());
      case REQUEST_PUT -> checkPut(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
      case REQUEST_TXN -> checkTxnOps(op.getRequestTxn(), maxTxnOps);
      case REQUEST_NOT_SET -> throw EtcdError.KEY_NOT_FOUND.exception();
    }
  }

  private static void requireKey(ByteString key) {
    if (key.isEmpty()) {
      throw EtcdError.EMPTY_KEY.exception();
    }
  }

  /** The keys a branch puts and the ranges it deletes, nested txns included. */
  private record Writes(Set<ByteString> puts, List<KeyInterval> deletes) {}

  private static Writes checkIntervals(List<RequestOp> ops) {
    List<KeyInterval> deletes = new ArrayList<>();
    for (RequestOp op : ops) {
      if (op.hasRequestDeleteRange()) {
        DeleteRangeRequest d = op.getRequestDeleteRange();
        deletes.add(KeyInterval.of(d.getKey(), d.getRangeEnd()));
      }
    }
    Set<ByteString> puts = new HashSet<>();
    for (RequestOp op : ops) {
      if (!op.hasRequestTxn()) {
        continue;
      }
      Writes then = checkIntervals(op.getRequestTxn().getSuccessList());
      Writes otherwise = checkIntervals(op.getRequestTxn().getFailureList());
      for (ByteString k : then.puts()) {
        if (!puts.add(k) || intersects(deletes, k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
      }
      for (ByteString k : otherwise.puts()) {
        boolean seen = !puts.add(k);
        if ((seen && !then.puts().contains(k)) || intersects(deletes, k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
      }
      deletes.addAll(then.deletes());
      deletes.addAll(otherwise.deletes());
    }
    for (RequestOp op : ops) {
      if (op.hasRequestPut()) {
        ByteString k = op.getRequestPut().getKey();
        if (!puts.add(k) || intersects(deletes, k)) {
          throw EtcdError.DUPLICATE_KEY.exception();
        }
      }
    }
    return new Writes(puts, deletes);
  }

  private static boolean intersects(List<KeyInterval> intervals, ByteString key) {
    for (KeyInterval i : intervals) {
      if (i.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
