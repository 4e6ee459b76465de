package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.WatchGrpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Every client watcher of the proxy, grouped by range into {@link WatchBroadcast}s: a new
 * watcher joins a broadcast of its range that has not gone past its start revision, or gets a
 * new one; after each response a broadcast that has caught up with an older one hands its
 * receivers over and ends, so N watchers of one key settle on one watch on the cluster.
 */
final class WatchBroadcasts {
  private final Upstream upstream;
  private final Namespace ns;
  private final ScheduledExecutorService retries;
  private final ProxyMetrics metrics;
  private final Map<WatchRange, List<WatchBroadcast>> byRange = new HashMap<>();
  private final Map<ProxyWatcher, WatchBroadcast> servedBy = new IdentityHashMap<>();

  WatchBroadcasts(Upstream upstream, Namespace ns, ScheduledExecutorService retries, ProxyMetrics metrics) {
    this.upstream = upstream;
    this.ns = ns;
    this.retries = retries;
    this.metrics = metrics;
  }

  /** Serves {@code w}; {@code token} authenticates a new upstream watch if one is needed. */
  void add(ProxyWatcher w, String token) {
    WatchBroadcast created;
    synchronized (this) {
      List<WatchBroadcast> list = byRange.computeIfAbsent(w.range, r -> new ArrayList<>());
      WatchBroadcast best = null;
      for (WatchBroadcast b : list) {
        if (b.canServe(w) && (best == null || b.nextRev() > best.nextRev())) {
          best = b;
        }
      }
      if (best != null) {
        best.add(w);
        servedBy.put(w, best);
        metrics.watchersCoalescing.incrementAndGet();
        return;
      }
      created = new WatchBroadcast(w.range, w.nextRev(),
          Upstream.withToken(WatchGrpc.newStub(upstream.channel()), token), ns, retries, metrics,
          this::coalesce, this::canceled);
      created.add(w);
      servedBy.put(w, created);
      list.add(created);
    }
    created.start();
  }

  void remove(ProxyWatcher w) {
    WatchBroadcast stop = null;
    synchronized (this) {
      WatchBroadcast b = servedBy.remove(w);
      if (b == null) {
        return;
      }
      if (b.remove(w)) {
        drop(b);
        stop = b;
      } else {
        metrics.watchersCoalescing.decrementAndGet();
      }
    }
    if (stop != null) {
      stop.stop();
    }
  }

  /** The number of watches the proxy holds on the cluster. */
  synchronized int upstreamWatches() {
    return byRange.values().stream().mapToInt(List::size).sum();
  }

  private void coalesce(WatchBroadcast b) {
    WatchBroadcast stop = null;
    synchronized (this) {
      List<WatchBroadcast> list = byRange.get(b.range());
      if (list == null || list.size() < 2 || !list.contains(b)) {
        return;
      }
      for (WatchBroadcast other : list) {
        if (other != b && other.started() && other.nextRev() <= b.nextRev()) {
          List<ProxyWatcher> moved = b.drain();
          for (ProxyWatcher w : moved) {
            other.add(w);
            servedBy.put(w, other);
          }
          if (!moved.isEmpty()) {
            // k receivers counted k-1 while alone; now all k share an older watch
            metrics.watchersCoalescing.incrementAndGet();
          }
          drop(b);
          stop = b;
          break;
        }
      }
    }
    if (stop != null) {
      stop.stop();
    }
  }

  /** The cluster canceled the watch: its receivers have been told and are gone. */
  private void canceled(WatchBroadcast b) {
    synchronized (this) {
      List<ProxyWatcher> gone = b.drain();
      gone.forEach(servedBy::remove);
      metrics.watchersCoalescing.addAndGet(-Math.max(0, gone.size() - 1));
      drop(b);
    }
  }

  private void drop(WatchBroadcast b) {
    List<WatchBroadcast> list = byRange.get(b.range());
    if (list != null) {
      list.remove(b);
      if (list.isEmpty()) {
        byRange.remove(b.range());
      }
    }
  }
}
