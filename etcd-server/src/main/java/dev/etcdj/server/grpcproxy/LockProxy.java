package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.LockGrpc;
import dev.etcdj.api.LockRequest;
import dev.etcdj.api.LockResponse;
import dev.etcdj.api.UnlockRequest;
import dev.etcdj.api.UnlockResponse;
import io.grpc.stub.StreamObserver;

/** The v3lock service of the proxy: forwarded, outside any --namespace as in etcd's proxy. */
final class LockProxy extends LockGrpc.LockImplBase {
  private final LockGrpc.LockStub lock;

  LockProxy(Upstream upstream) {
    this.lock = LockGrpc.newStub(upstream.channel());
  }

  @Override
  public void lock(LockRequest r, StreamObserver<LockResponse> out) {
    Upstream.asCaller(lock).lock(r, Relay.to(out));
  }

  @Override
  public void unlock(UnlockRequest r, StreamObserver<UnlockResponse> out) {
    Upstream.asCaller(lock).unlock(r, Relay.to(out));
  }
}
