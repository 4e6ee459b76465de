package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseGrantResponse;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseKeepAliveResponse;
import dev.etcdj.api.LeaseLeasesRequest;
import dev.etcdj.api.LeaseLeasesResponse;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.LeaseRevokeResponse;
import dev.etcdj.api.LeaseTimeToLiveRequest;
import dev.etcdj.api.LeaseTimeToLiveResponse;
import io.grpc.stub.StreamObserver;

/** The Lease service of the proxy: calls are forwarded, keepalives are coalesced by {@link LeaseKeepAlives}. */
final class LeaseProxy extends LeaseGrpc.LeaseImplBase {
  private final LeaseGrpc.LeaseStub lease;
  private final LeaseKeepAlives keepAlives;
  private final Namespace ns;

  LeaseProxy(Upstream upstream, LeaseKeepAlives keepAlives, Namespace ns) {
    this.lease = LeaseGrpc.newStub(upstream.channel());
    this.keepAlives = keepAlives;
    this.ns = ns;
  }

  @Override
  public void leaseGrant(LeaseGrantRequest r, StreamObserver<LeaseGrantResponse> out) {
    Upstream.asCaller(lease).leaseGrant(r, Relay.to(out));
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest r, StreamObserver<LeaseRevokeResponse> out) {
    Upstream.asCaller(lease).leaseRevoke(r, Relay.to(out));
  }

  @Override
  public void leaseTimeToLive(LeaseTimeToLiveRequest r, StreamObserver<LeaseTimeToLiveResponse> out) {
    Upstream.asCaller(lease).leaseTimeToLive(r, Relay.to(out, (LeaseTimeToLiveResponse resp) -> ns.isEmpty()
        ? resp : resp.toBuilder().clearKeys().addAllKeys(ns.outKeys(resp.getKeysList())).build()));
  }

  @Override
  public void leaseLeases(LeaseLeasesRequest r, StreamObserver<LeaseLeasesResponse> out) {
    Upstream.asCaller(lease).leaseLeases(r, Relay.to(out));
  }

  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> out) {
    return new StreamObserver<>() {
      private volatile boolean closed;

      @Override
      public void onNext(LeaseKeepAliveRequest r) {
        keepAlives.keepAlive(r.getID(), this::answer);
      }

      private void answer(LeaseKeepAliveResponse resp) {
        synchronized (out) {
          if (!closed) {
            try {
              out.onNext(resp);
            } catch (RuntimeException ignored) {
              // the client went away
            }
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        closed = true;
      }

      @Override
      public void onCompleted() {
        synchronized (out) {
          closed = true;
          try {
            out.onCompleted();
          } catch (RuntimeException ignored) {
            // the client went away
          }
        }
      }
    };
  }
}
