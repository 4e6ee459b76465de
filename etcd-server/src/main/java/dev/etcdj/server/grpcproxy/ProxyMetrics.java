package dev.etcdj.server.grpcproxy;

import dev.etcdj.server.metrics.Metrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The grpc-proxy's own metrics, under etcd's names and types (the hit and miss counts are gauges in etcd). */
final class ProxyMetrics {
  final Metrics registry = new Metrics();
  final AtomicLong watchersCoalescing = new AtomicLong();
  final Metrics.Counter eventsCoalescing;
  final AtomicLong cacheHits = new AtomicLong();
  final AtomicLong cacheMisses = new AtomicLong();

  ProxyMetrics(IntSupplier cacheKeys) {
    registry.gauge("etcd_grpc_proxy_watchers_coalescing_total", "Total number of current watchers coalescing", "",
        watchersCoalescing::get);
    eventsCoalescing = registry.counter("etcd_grpc_proxy_events_coalescing_total", "Total number of events coalescing");
    registry.gauge("etcd_grpc_proxy_cache_keys_total", "Total number of keys/ranges cached", "",
        cacheKeys::getAsInt);
    registry.gauge("etcd_grpc_proxy_cache_hits_total", "Total number of cache hits", "", cacheHits::get);
    registry.gauge("etcd_grpc_proxy_cache_misses_total", "Total number of cache misses", "", cacheMisses::get);
  }
}
