package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.stub.StreamObserver;

/** The Watch service of the proxy: each client stream is a {@link WatchProxyStream} over the shared broadcasts. */
final class WatchProxy extends WatchGrpc.WatchImplBase {
  private final WatchBroadcasts broadcasts;
  private final KVGrpc.KVStub kv;
  private final Namespace ns;

  WatchProxy(Upstream upstream, WatchBroadcasts broadcasts, Namespace ns) {
    this.broadcasts = broadcasts;
    this.kv = KVGrpc.newStub(upstream.channel());
    this.ns = ns;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> out) {
    return new WatchProxyStream(out, broadcasts, kv, ns, Upstream.callerToken());
  }
}
