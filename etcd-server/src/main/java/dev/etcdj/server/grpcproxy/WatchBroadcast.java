package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.WatchCreateRequest;
import dev.etcdj.api.WatchGrpc;
import dev.etcdj.api.WatchRequest;
import dev.etcdj.api.WatchResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One watch on the cluster serving any number of client watchers on the same range: every
 * upstream response is handed to each receiver, which keeps what it has not seen. If the
 * member serving it goes away, the watch is re-created on another one from the next revision,
 * so receivers neither miss nor repeat events (clientv3's watch resume). A cancel from the
 * cluster (e.g. the start revision was compacted) ends every receiver.
 */
final class WatchBroadcast {
  private static final long RETRY_MILLIS = 100;

  private final WatchRange range;
  private final WatchGrpc.WatchStub stub;
  private final Namespace ns;
  private final ScheduledExecutorService retries;
  private final Consumer<WatchBroadcast> afterResponse;
  private final Consumer<WatchBroadcast> onCancel;
  private final ProxyMetrics metrics;
  private final Set<ProxyWatcher> receivers = new HashSet<>();
  /** The minimum revision the upstream watch will deliver next. */
  private long nextRev;
  private long responses;
  private boolean stopped;
  private ClientCallStreamObserver<WatchRequest> upstream;

  WatchBroadcast(WatchRange range, long startRev, WatchGrpc.WatchStub stub, Namespace ns,
      ScheduledExecutorService retries, ProxyMetrics metrics, Consumer<WatchBroadcast> afterResponse,
      Consumer<WatchBroadcast> onCancel) {
    this.range = range;
    this.nextRev = startRev;
    this.stub = stub;
    this.ns = ns;
    this.retries = retries;
    this.metrics = metrics;
    this.afterResponse = afterResponse;
    this.onCancel = onCancel;
  }

  WatchRange range() {
    return range;
  }

  void start() {
    open();
  }

  synchronized long nextRev() {
    return nextRev;
  }

  synchronized int size() {
    return receivers.size();
  }

  /** Whether {@code w} can join: this watch has not gone past the revision {@code w} starts from. */
  synchronized boolean canServe(ProxyWatcher w) {
    return !stopped && nextRev <= w.nextRev();
  }

  synchronized void add(ProxyWatcher w) {
    receivers.add(w);
  }

  synchronized boolean remove(ProxyWatcher w) {
    receivers.remove(w);
    return receivers.isEmpty();
  }

  /** Hands every receiver to {@code target} (which is not ahead of this one) and empties this one. */
  synchronized List<ProxyWatcher> drain() {
    List<ProxyWatcher> out = new ArrayList<>(receivers);
    receivers.clear();
    return out;
  }

  synchronized boolean started() {
    return responses > 0;
  }

  void stop() {
    ClientCallStreamObserver<WatchRequest> up;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      up = upstream;
    }
    if (up != null) {
      up.cancel("watch proxy receivers gone", null);
    }
  }

  private void open() {
    long start;
    synchronized (this) {
      if (stopped) {
        return;
      }
      start = nextRev;
    }
    WatchCreateRequest create = WatchCreateRequest.newBuilder()
        .setKey(ns.key(range.key()))
        .setRangeEnd(ns.end(range.end()))
        .setStartRevision(start)
        .setProgressNotify(true)
        .setPrevKv(true)
        .build();
    stub.watch(new ClientResponseObserver<WatchRequest, WatchResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<WatchRequest> requests) {
        synchronized (WatchBroadcast.this) {
          upstream = requests;
        }
      }

      @Override
      public void onNext(WatchResponse wr) {
        broadcast(wr);
      }

      @Override
      public void onError(Throwable t) {
        reopen();
      }

      @Override
      public void onCompleted() {
        reopen();
      }
    }).onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
  }

  private void reopen() {
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    retries.schedule(this::open, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void broadcast(WatchResponse upstreamResponse) {
    WatchResponse wr = upstreamResponse;
    if (!ns.isEmpty() && wr.getEventsCount() > 0) {
      WatchResponse.Builder b = wr.toBuilder().clearEvents();
      wr.getEventsList().forEach(e -> b.addEvents(ns.out(e)));
      wr = b.build();
    }
    boolean canceled;
    synchronized (this) {
      if (stopped) {
        return;
      }
      // the start revision was chosen by the first receiver; later headers move it on
      if (responses > 0 || nextRev == 0) {
        nextRev = wr.getHeader().getRevision() + 1;
      }
      responses++;
      canceled = wr.getCanceled();
      if (!wr.getCreated() || canceled) {
        for (ProxyWatcher r : new ArrayList<>(receivers)) {
          r.send(wr);
        }
        if (receivers.size() > 1 && wr.getEventsCount() > 0) {
          metrics.eventsCoalescing.add(receivers.size() - 1);
        }
      }
    }
    if (canceled) {
      stop();
      onCancel.accept(this);
    } else {
      afterResponse.accept(this);
    }
  }
}
