package dev.etcdj.server.grpcproxy;

import com.google.protobuf.ByteString;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.CompactionResponse;
import dev.etcdj.api.Compare;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.ResponseOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * The KV service of the proxy: serializable ranges are answered from the {@link RangeCache} when
 * it can, every other request is forwarded, answers of forwarded ranges are cached (as
 * serializable), and writes through the proxy invalidate what they touch, as etcd's kvProxy does.
 */
final class KvProxy extends KVGrpc.KVImplBase {
  private final KVGrpc.KVStub kv;
  private final RangeCache cache;
  private final Namespace ns;
  private final ProxyMetrics metrics;

  KvProxy(Upstream upstream, RangeCache cache, Namespace ns, ProxyMetrics metrics) {
    this.kv = KVGrpc.newStub(upstream.channel());
    this.cache = cache;
    this.ns = ns;
    this.metrics = metrics;
  }

  @Override
  public void range(RangeRequest r, StreamObserver<RangeResponse> out) {
    if (emptyKey(r.getKey(), out)) {
      return;
    }
    if (r.getSerializable()) {
      RangeCache.Lookup found = cache.get(r);
      if (found instanceof RangeCache.Hit hit) {
        metrics.cacheHits.incrementAndGet();
        out.onNext(hit.response());
        out.onCompleted();
        return;
      }
      if (found instanceof RangeCache.Compacted) {
        metrics.cacheHits.incrementAndGet();
        out.onError(Status.OUT_OF_RANGE
            .withDescription("etcdserver: mvcc: required revision has been compacted").asRuntimeException());
        return;
      }
      metrics.cacheMisses.incrementAndGet();
    }
    Upstream.asCaller(kv).range(ns.in(r), Relay.to(out, (RangeResponse resp) -> {
      RangeResponse mine = ns.out(resp);
      cache.add(r.toBuilder().setSerializable(true).build(), mine);
      return mine;
    }));
  }

  @Override
  public void put(PutRequest r, StreamObserver<PutResponse> out) {
    if (emptyKey(r.getKey(), out)) {
      return;
    }
    cache.invalidate(r.getKey(), ByteString.EMPTY);
    Upstream.asCaller(kv).put(ns.in(r), Relay.to(out, ns::out));
  }

  @Override
  public void deleteRange(DeleteRangeRequest r, StreamObserver<DeleteRangeResponse> out) {
    if (emptyKey(r.getKey(), out)) {
      return;
    }
    cache.invalidate(r.getKey(), r.getRangeEnd());
    Upstream.asCaller(kv).deleteRange(ns.in(r), Relay.to(out, ns::out));
  }

  @Override
  public void txn(TxnRequest r, StreamObserver<TxnResponse> out) {
    if (!ns.isEmpty() && hasEmptyKey(r)) {
      out.onError(emptyKeyError());
      return;
    }
    Upstream.asCaller(kv).txn(ns.in(r), Relay.to(out, (TxnResponse resp) -> {
      TxnResponse mine = ns.out(resp);
      // a txn may claim an outdated key is updated; be safe and invalidate
      for (Compare c : r.getCompareList()) {
        cache.invalidate(c.getKey(), c.getRangeEnd());
      }
      toCache(mine.getSucceeded() ? r.getSuccessList() : r.getFailureList(), mine.getResponsesList());
      return mine;
    }));
  }

  private void toCache(List<RequestOp> reqs, List<ResponseOp> resps) {
    for (int i = 0; i < resps.size() && i < reqs.size(); i++) {
      RequestOp req = reqs.get(i);
      switch (resps.get(i).getResponseCase()) {
        case RESPONSE_PUT -> cache.invalidate(req.getRequestPut().getKey(), ByteString.EMPTY);
        case RESPONSE_DELETE_RANGE -> cache.invalidate(req.getRequestDeleteRange().getKey(),
            req.getRequestDeleteRange().getRangeEnd());
        case RESPONSE_RANGE -> cache.add(req.getRequestRange().toBuilder().setSerializable(true).build(),
            resps.get(i).getResponseRange());
        case RESPONSE_TXN -> {
          TxnRequest nested = req.getRequestTxn();
          TxnResponse nr = resps.get(i).getResponseTxn();
          nested.getCompareList().forEach(c -> cache.invalidate(c.getKey(), c.getRangeEnd()));
          toCache(nr.getSucceeded() ? nested.getSuccessList() : nested.getFailureList(), nr.getResponsesList());
        }
        default -> { }
      }
    }
  }

  @Override
  public void compact(CompactionRequest r, StreamObserver<CompactionResponse> out) {
    Upstream.asCaller(kv).compact(r, Relay.to(out, (CompactionResponse resp) -> {
      cache.compact(r.getRevision());
      return resp;
    }));
  }

  /** etcd's namespace client refuses an empty key before the prefix would hide it. */
  private <T> boolean emptyKey(ByteString key, StreamObserver<T> out) {
    if (!ns.isEmpty() && key.isEmpty()) {
      out.onError(emptyKeyError());
      return true;
    }
    return false;
  }

  private static boolean hasEmptyKey(TxnRequest r) {
    for (List<RequestOp> ops : List.of(r.getSuccessList(), r.getFailureList())) {
      for (RequestOp op : ops) {
        boolean empty = switch (op.getRequestCase()) {
          case REQUEST_RANGE -> op.getRequestRange().getKey().isEmpty();
          case REQUEST_PUT -> op.getRequestPut().getKey().isEmpty();
          case REQUEST_DELETE_RANGE -> op.getRequestDeleteRange().getKey().isEmpty();
          case REQUEST_TXN -> hasEmptyKey(op.getRequestTxn());
          default -> false;
        };
        if (empty) {
          return true;
        }
      }
    }
    return false;
  }

  private static RuntimeException emptyKeyError() {
    return Status.INVALID_ARGUMENT.withDescription("etcdserver: key is not provided").asRuntimeException();
  }
}
