package dev.etcdj.server.kv;

import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.KeyValue;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.ResponseOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.server.EtcdError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Put, DeleteRange and Txn as etcd applies them. A Txn first evaluates its compares and checks
 * the chosen branch against the state before it (lease existence, ignore_value/ignore_lease
 * keys, read revisions) so that a failing check writes nothing; then it executes the branch.
 */
public final class KvApplier {
  private final LeaseLookup leases;
  private final KvOpCounter counter;

  public KvApplier(LeaseLookup leases) {
    this(leases, KvOpCounter.NONE);
  }

  public KvApplier(LeaseLookup leases, KvOpCounter counter) {
    this.leases = leases;
    this.counter = counter;
  }

  public PutResponse put(KvView view, PutRequest p) {
    if (p.getLease() != 0 && !leases.exists(p.getLease())) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    CountingView counted = new CountingView(view);
    try {
      return doPut(counted, p);
    } finally {
      counted.reportTo(counter);
    }
  }

  private PutResponse doPut(KvView view, PutRequest p) {
    byte[] key = p.getKey().toByteArray();
    PutResponse.Builder resp = PutResponse.newBuilder();
    KeyValue prev = null;
    if (p.getIgnoreValue() || p.getIgnoreLease() || p.getPrevKv()) {
      List<KeyValue> kvs = view.range(key, new byte[0], 0, 0, false).kvs();
      prev = kvs.isEmpty() ? null : kvs.get(0);
    }
    if ((p.getIgnoreValue() || p.getIgnoreLease()) && prev == null) {
      throw EtcdError.KEY_NOT_FOUND.exception();
    }
    byte[] value = p.getIgnoreValue() ? prev.getValue().toByteArray() : p.getValue().toByteArray();
    long lease = p.getIgnoreLease() ? prev.getLease() : p.getLease();
    if (p.getPrevKv() && prev != null) {
      resp.setPrevKv(prev);
    }
    view.put(key, value, lease);
    return resp.setHeader(header(view.revision())).build();
  }

  public DeleteRangeResponse deleteRange(KvView view, DeleteRangeRequest r) {
    CountingView counted = new CountingView(view);
    try {
      return doDeleteRange(counted, r);
    } finally {
      counted.reportTo(counter);
    }
  }

  private static DeleteRangeResponse doDeleteRange(KvView view, DeleteRangeRequest r) {
    byte[] key = r.getKey().toByteArray();
    byte[] end = r.getRangeEnd().toByteArray();
    DeleteRangeResponse.Builder resp = DeleteRangeResponse.newBuilder();
    if (r.getPrevKv()) {
      resp.addAllPrevKvs(view.range(key, end, 0, 0, false).kvs());
    }
    resp.setDeleted(view.deleteRange(key, end));
    return resp.setHeader(header(view.revision())).build();
  }

  /**
   * Executes a Txn; read-only ones may run on a read view, the others on the write txn. Every
   * compare, nested ones included, is decided against the state before the txn, as in etcd.
   */
  public TxnResponse txn(KvView view, TxnRequest r) {
    CountingView counted = new CountingView(view);
    try {
      return doTxn(counted, r);
    } finally {
      counted.reportTo(counter);
    }
  }

  private TxnResponse doTxn(KvView view, TxnRequest r) {
    List<Boolean> path = new ArrayList<>();
    decide(view, r, path);
    check(view, r, path.iterator());
    TxnResponse resp = execute(view, r, path.iterator());
    return resp.toBuilder().setHeader(header(view.revision())).build();
  }

  private static void decide(KvView view, TxnRequest r, List<Boolean> path) {
    boolean succeeded = Compares.all(view, r.getCompareList());
    path.add(succeeded);
    for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
      if (op.hasRequestTxn()) {
        decide(view, op.getRequestTxn(), path);
      }
    }
  }

  private void check(KvView view, TxnRequest r, Iterator<Boolean> path) {
    for (RequestOp op : path.next() ? r.getSuccessList() : r.getFailureList()) {
      switch (op.getRequestCase()) {
        case REQUEST_PUT -> checkPut(view, op.getRequestPut());
        case REQUEST_RANGE -> checkRangeRevision(view, op.getRequestRange().getRevision());
        case REQUEST_TXN -> check(view, op.getRequestTxn(), path);
        default -> { }
      }
    }
  }

  private void checkPut(KvView view, PutRequest p) {
    if (p.getLease() != 0 && !leases.exists(p.getLease())) {
      throw EtcdError.LEASE_NOT_FOUND.exception();
    }
    if ((p.getIgnoreValue() || p.getIgnoreLease())
        && view.range(p.getKey().toByteArray(), new byte[0], 0, 1, false).kvs().isEmpty()) {
      throw EtcdError.KEY_NOT_FOUND.exception();
    }
  }

  private static void checkRangeRevision(KvView view, long revision) {
    if (revision == 0) {
      return;
    }
    if (revision > view.revision()) {
      throw EtcdError.FUTURE_REV.exception();
    }
    if (revision < view.compactRevision()) {
      throw EtcdError.COMPACTED.exception();
    }
  }

  /** Nested txn responses carry an empty header, as etcd's do. */
  private TxnResponse execute(KvView view, TxnRequest r, Iterator<Boolean> path) {
    boolean succeeded = path.next();
    TxnResponse.Builder resp = TxnResponse.newBuilder().setSucceeded(succeeded)
        .setHeader(ResponseHeader.getDefaultInstance());
    for (RequestOp op : succeeded ? r.getSuccessList() : r.getFailureList()) {
      ResponseOp.Builder out = ResponseOp.newBuilder();
      switch (op.getRequestCase()) {
        case REQUEST_RANGE -> out.setResponseRange(RangeEvaluator.range(view, op.getRequestRange()));
        case REQUEST_PUT -> out.setResponsePut(doPut(view, op.getRequestPut()));
        case REQUEST_DELETE_RANGE -> out.setResponseDeleteRange(doDeleteRange(view, op.getRequestDeleteRange()));
        case REQUEST_TXN -> out.setResponseTxn(execute(view, op.getRequestTxn(), path));
        case REQUEST_NOT_SET -> { }
      }
      resp.addResponses(out);
    }
    return resp.build();
  }

  private static ResponseHeader header(long revision) {
    return ResponseHeader.newBuilder().setRevision(revision).build();
  }
}
