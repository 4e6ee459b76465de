package dev.etcdj.server;

import dev.etcdj.api.AlarmType;
import dev.etcdj.server.apply.AlarmStore;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.core.BackendQuota;
import dev.etcdj.server.kv.KvOpCounter;
import dev.etcdj.server.metrics.Metrics;
import dev.etcdj.server.metrics.ProcessMetrics;
import dev.etcdj.storage.mvcc.MvccStore;

/** The etcd metrics this member exports, under etcd's names. */
final class ServerMetrics {
  private ServerMetrics() {}

  /** etcd_mvcc_{range,put,delete,txn}_total and their etcd_debugging_ twins, counted as requests apply. */
  static KvOpCounter mvccCounters(Metrics registry) {
    Metrics.Counter[] ranges = twin(registry, "range_total", "Total number of ranges seen by this member.");
    Metrics.Counter[] puts = twin(registry, "put_total", "Total number of puts seen by this member.");
    Metrics.Counter[] deletes = twin(registry, "delete_total", "Total number of deletes seen by this member.");
    Metrics.Counter[] txns = twin(registry, "txn_total", "Total number of txns seen by this member.");
    return (r, p, d) -> {
      for (int i = 0; i < 2; i++) {
        ranges[i].add(r);
        puts[i].add(p);
        deletes[i].add(d);
        if (r + p + d > 1) {
          txns[i].inc();
        }
      }
    };
  }

  private static Metrics.Counter[] twin(Metrics registry, String name, String help) {
    return new Metrics.Counter[] {registry.counter("etcd_mvcc_" + name, help),
        registry.counter("etcd_debugging_mvcc_" + name, help)};
  }

  static void register(Metrics registry, MvccStore store, Consensus consensus, AppliedIndex applied,
      BackendQuota quota, long memberId, AlarmStore alarms) {
    registry.gauge("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not.", "",
        () -> consensus.status().hasLeader() ? 1 : 0);
    registry.gauge("etcd_server_is_leader", "Whether or not this member is a leader. 1 if is, 0 otherwise.", "",
        () -> consensus.status().leaderId() == memberId ? 1 : 0);
    registry.gauge("etcd_server_proposals_committed_total", "The total number of consensus proposals committed.", "",
        () -> consensus.status().commitIndex());
    registry.gauge("etcd_server_proposals_applied_total", "The total number of consensus proposals applied.", "",
        applied::get);
    registry.gauge("etcd_server_quota_backend_bytes", "Current backend storage quota size in bytes.", "",
        quota::limit);
    registry.gauge("etcd_server_version", "Which version is running. 1 for 'server_version' label with current version.",
        "server_version=\"" + Versions.SERVER + "\"", () -> 1);
    registry.gauge("etcd_cluster_version", "Which version is running. 1 for 'cluster_version' label with current cluster version",
        "cluster_version=\"" + Versions.CAPABILITY + "\"", () -> 1);
    registry.gauge("etcd_mvcc_db_total_size_in_bytes", "Total size of the underlying database physically allocated in bytes.", "",
        store::sizeBytes);
    registry.gauge("etcd_mvcc_db_total_size_in_use_in_bytes", "Total size of the underlying database logically in use in bytes.", "",
        store::sizeInUseBytes);
    registry.gauge("etcd_debugging_mvcc_current_revision", "The current revision of store.", "",
        store::currentRevision);
    registry.gauge("etcd_debugging_mvcc_compact_revision", "The revision of the last compaction in store.", "",
        store::compactRevision);
    registry.gauge("etcd_debugging_mvcc_keys_total", "Total number of keys.", "",
        () -> store.range(new byte[] {0}, new byte[] {0}, 0, 0, true).count());
    registry.gauge("etcd_server_alarms_active", "Number of active alarms.", "",
        () -> alarms.list(AlarmType.NONE).size());
    ProcessMetrics.register(registry);
  }
}
