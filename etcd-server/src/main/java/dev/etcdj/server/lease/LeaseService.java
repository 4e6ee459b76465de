package dev.etcdj.server.lease;

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
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.api.Headers;
import dev.etcdj.server.api.Responses;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** The Lease service: LeaseGrant, LeaseRevoke, LeaseKeepAlive, LeaseTimeToLive, LeaseLeases. */
public final class LeaseService extends LeaseGrpc.LeaseImplBase {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Leases leases;
  private final Headers headers;

  public LeaseService(Leases leases, Headers headers) {
    this.leases = leases;
    this.headers = headers;
  }

  @Override
  public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
    Responses.reply(() -> leases.grant(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
    Responses.reply(() -> leases.revoke(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
    boolean forwarded = LeaseForwarder.servingForwarded();
    Responses.reply(() -> leases.timeToLive(request, forwarded),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
    Responses.reply(() -> CompletableFuture.completedFuture(leases.leases()),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  /**
   * Each request is renewed in turn (responses keep the requests' order); an unknown or expired
   * lease is answered with TTL 0, other errors end the stream, as etcd.
   */
  @Override
  public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> out) {
    boolean forwarded = LeaseForwarder.servingForwarded();
    return new StreamObserver<>() {
      private CompletableFuture<Void> tail = DONE;
      private volatile boolean done;

      @Override
      public synchronized void onNext(LeaseKeepAliveRequest req) {
        if (tail.isDone() && !done) {
          // nothing pending (the usual case): renew in place; chain only if it is not done yet
          CompletableFuture<Void> r = renewAndRespond(req.getID());
          tail = r.isDone() ? DONE : r;
          return;
        }
        tail = tail.thenCompose(v -> done ? DONE : renewAndRespond(req.getID()));
      }

      private CompletableFuture<Void> renewAndRespond(long id) {
        return leases.renew(id, forwarded).handle((ttl, err) -> {
          respond(id, ttl, err);
          return null;
        });
      }

      private void respond(long id, Long ttl, Throwable err) {
        if (done) {
          return;
        }
        if (err != null && Responses.errorOf(err) != EtcdError.LEASE_NOT_FOUND) {
          done = true;
          out.onError(Responses.toStatus(err));
          return;
        }
        out.onNext(LeaseKeepAliveResponse.newBuilder()
            .setHeader(headers.fill(ResponseHeader.getDefaultInstance()))
            .setID(id).setTTL(err == null ? ttl : 0).build());
      }

      @Override
      public void onError(Throwable t) {
        done = true;
      }

      @Override
      public synchronized void onCompleted() {
        tail.thenRun(() -> {
          if (!done) {
            done = true;
            out.onCompleted();
          }
        });
      }
    };
  }
}
