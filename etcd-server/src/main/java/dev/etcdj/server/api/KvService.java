package dev.etcdj.server.api;

import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.CompactionResponse;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.server.core.RaftKv;
import io.grpc.stub.StreamObserver;

/** The KV service: Range, Put, DeleteRange, Txn, Compact. */
public final class KvService extends KVGrpc.KVImplBase {
  private final RaftKv kv;
  private final Headers headers;

  public KvService(RaftKv kv, Headers headers) {
    this.kv = kv;
    this.headers = headers;
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
    Responses.reply(() -> kv.range(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> observer) {
    Responses.reply(() -> kv.put(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
    Responses.reply(() -> kv.deleteRange(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
    Responses.reply(() -> kv.txn(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
    Responses.reply(() -> kv.compact(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }
}
