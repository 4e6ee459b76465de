package dev.etcdj.server.lease;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseKeepAliveResponse;
import dev.etcdj.api.LeaseTimeToLiveRequest;
import dev.etcdj.api.LeaseTimeToLiveResponse;
import dev.etcdj.server.EtcdError;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Sends a follower's renewals and TimeToLive queries to the leader, whose lessor alone tracks
 * expiries (etcd forwards them over the peer URLs' lease HTTP handlers; etcdj calls the
 * leader's own Lease gRPC service on its advertised client URL). Forwarded calls carry
 * {@link #HEADER}; a member that receives one but is not the primary fails it with "not leader"
 * instead of forwarding again, and the forwarding member retries with the current leader.
 */
public final class LeaseForwarder implements AutoCloseable {
  static final String HEADER = "etcdj-lease-forwarded";
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

  private final LongFunction<List<String>> clientUrls;
  private final ClientFactory factory;
  private final Map<String, LeaseGrpc.LeaseStub> stubs = new ConcurrentHashMap<>();

  /** @param clientUrls a member's advertised client URLs (empty if unknown or unpublished) */
  public LeaseForwarder(LongFunction<List<String>> clientUrls, ClientFactory factory) {
    this.clientUrls = clientUrls;
    this.factory = factory;
  }

  /** Whether the gRPC call being served was forwarded by another member. */
  static boolean servingForwarded() {
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    return ctx != null && ctx.request().headers().contains(HEADER);
  }

  /** Renews on the leader; completes with the TTL, or fails with an etcd error. */
  CompletableFuture<Long> renew(long leaderId, long leaseId) {
    Optional<LeaseGrpc.LeaseStub> stub = stub(leaderId);
    if (stub.isEmpty()) {
      return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
    }
    CompletableFuture<Long> result = new CompletableFuture<>();
    StreamObserver<LeaseKeepAliveRequest> requests = stub.get().leaseKeepAlive(new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (r.getTTL() <= 0) {
          result.completeExceptionally(EtcdError.LEASE_NOT_FOUND.exception());
        } else {
          result.complete(r.getTTL());
        }
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(toEtcd(t));
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(EtcdError.NO_LEADER.exception());
      }
    });
    requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(leaseId).build());
    requests.onCompleted();
    return result;
  }

  CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long leaderId, LeaseTimeToLiveRequest r) {
    Optional<LeaseGrpc.LeaseStub> stub = stub(leaderId);
    if (stub.isEmpty()) {
      return CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception());
    }
    CompletableFuture<LeaseTimeToLiveResponse> result = new CompletableFuture<>();
    stub.get().leaseTimeToLive(r, new StreamObserver<>() {
      @Override
      public void onNext(LeaseTimeToLiveResponse resp) {
        result.complete(resp);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(toEtcd(t));
      }

      @Override
      public void onCompleted() {
        result.completeExceptionally(EtcdError.NO_LEADER.exception());
      }
    });
    return result;
  }

  private Optional<LeaseGrpc.LeaseStub> stub(long memberId) {
    return clientUrls.apply(memberId).stream()
        .filter(u -> u.startsWith("http://") || u.startsWith("https://"))
        .findFirst()
        .map(url -> stubs.computeIfAbsent(baseUri(url), base -> GrpcClients.builder(base)
            .factory(factory)
            .responseTimeout(ATTEMPT_TIMEOUT)
            .addHeader(HEADER, "1")
            .build(LeaseGrpc.LeaseStub.class)));
  }

  private static String baseUri(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority() + "/";
  }

  /** The leader's etcd error as ours (matched by message); anything else means "try again". */
  private static Throwable toEtcd(Throwable t) {
    if (t instanceof StatusRuntimeException s && s.getStatus().getDescription() != null) {
      for (EtcdError e : EtcdError.values()) {
        if (e.message().equals(s.getStatus().getDescription())) {
          return e.exception();
        }
      }
    }
    return EtcdError.NO_LEADER.exception();
  }

  @Override
  public void close() {
    factory.close();
  }
}
