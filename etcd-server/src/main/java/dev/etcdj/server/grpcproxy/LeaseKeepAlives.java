package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.LeaseGrpc;
import dev.etcdj.api.LeaseKeepAliveRequest;
import dev.etcdj.api.LeaseKeepAliveResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keepalives of every client of the proxy go to the cluster over one LeaseKeepAlive stream, and
 * requests for a lease that is already being renewed wait for that renewal's answer instead of
 * sending another (clientv3's lessor coalesces the same way). If the stream breaks, a new one is
 * opened (on another member if need be) and the outstanding leases are asked again.
 */
final class LeaseKeepAlives {
  private static final long RETRY_MILLIS = 100;

  private final LeaseGrpc.LeaseStub stub;
  private final ScheduledExecutorService retries;
  private final Map<Long, List<Consumer<LeaseKeepAliveResponse>>> waiting = new HashMap<>();
  private ClientCallStreamObserver<LeaseKeepAliveRequest> upstream;
  private boolean reopening;

  LeaseKeepAlives(Upstream upstream, ScheduledExecutorService retries) {
    this.stub = LeaseGrpc.newStub(upstream.channel());
    this.retries = retries;
  }

  void keepAlive(long leaseId, Consumer<LeaseKeepAliveResponse> answer) {
    ClientCallStreamObserver<LeaseKeepAliveRequest> send = null;
    synchronized (this) {
      List<Consumer<LeaseKeepAliveResponse>> list = waiting.computeIfAbsent(leaseId, id -> new ArrayList<>());
      list.add(answer);
      if (list.size() > 1 || reopening) {
        return;
      }
      if (upstream == null) {
        open();
      }
      send = upstream;
    }
    send.onNext(LeaseKeepAliveRequest.newBuilder().setID(leaseId).build());
  }

  /** Opens the upstream stream; the caller holds the lock. */
  private void open() {
    stub.leaseKeepAlive(new ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requests) {
        upstream = requests;
      }

      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        List<Consumer<LeaseKeepAliveResponse>> answers;
        synchronized (LeaseKeepAlives.this) {
          answers = waiting.remove(r.getID());
        }
        if (answers != null) {
          answers.forEach(a -> a.accept(r));
        }
      }

      @Override
      public void onError(Throwable t) {
        broken();
      }

      @Override
      public void onCompleted() {
        broken();
      }
    });
  }

  private synchronized void broken() {
    upstream = null;
    if (!waiting.isEmpty() && !reopening) {
      reopening = true;
      retries.schedule(this::resend, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void resend() {
    List<Long> ids;
    ClientCallStreamObserver<LeaseKeepAliveRequest> send;
    synchronized (this) {
      reopening = false;
      if (waiting.isEmpty()) {
        return;
      }
      open();
      send = upstream;
      ids = new ArrayList<>(waiting.keySet());
    }
    ids.forEach(id -> send.onNext(LeaseKeepAliveRequest.newBuilder().setID(id).build()));
  }
}
