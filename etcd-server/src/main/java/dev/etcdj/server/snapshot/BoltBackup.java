package dev.etcdj.server.snapshot;

import dev.etcdj.api.KeyValue;
import dev.etcdj.storage.bolt.BoltWriter;
import dev.etcdj.storage.mvcc.MetaEntry;
import dev.etcdj.storage.mvcc.StoreExport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a point-in-time view of our store as etcd's bbolt backend file (the snapshot
 * {@code etcdctl snapshot save} stores and {@code snapshot restore} reads): all revisions kept
 * since the last compaction, the compaction revisions, the consistent index, leases, members,
 * alarms and any auth and cluster records.
 */
public final class BoltBackup {
  static final String CLUSTER_VERSION = "3.4.0";

  private BoltBackup() {}

  /** Writes {@code export} to {@code file}; returns the file's size. */
  public static long write(StoreExport export, Path file) {
    try (BoltWriter w = new BoltWriter(file)) {
      Set<String> buckets = new LinkedHashSet<>(EtcdBuckets.ALL);
      buckets.addAll(export.metaBuckets());
      for (String bucket : buckets) {
        w.bucket(EtcdBuckets.bytes(bucket));
        switch (bucket) {
          case EtcdBuckets.KEY -> export.forEachRevision((main, sub, kv) -> {
            boolean tombstone = kv.getVersion() == 0;
            KeyValue v = tombstone ? KeyValue.newBuilder().setKey(kv.getKey()).build() : kv;
            w.put(EtcdBuckets.revision(main, sub, tombstone), v.toByteArray());
          });
          case EtcdBuckets.META -> meta(export, w);
          case EtcdBuckets.MEMBERS -> sorted(export.meta(bucket), e -> new MetaEntry(
              EtcdBuckets.memberKey(EtcdBuckets.u64(e.key())), EtcdBuckets.memberJson(e.value())), w);
          case EtcdBuckets.MEMBERS_REMOVED -> sorted(export.meta(bucket), e -> new MetaEntry(
              EtcdBuckets.memberKey(EtcdBuckets.u64(e.key())), EtcdBuckets.REMOVED), w);
          case EtcdBuckets.ALARM -> sorted(export.meta(bucket),
              e -> new MetaEntry(EtcdBuckets.alarmKey(e.key()), new byte[0]), w);
          case EtcdBuckets.CLUSTER -> cluster(export.meta(bucket), w);
          default -> export.meta(bucket).forEach(e -> w.put(e.key(), e.value()));
        }
      }
      w.finish();
      return w.size();
    }
  }

  private static void meta(StoreExport export, BoltWriter w) {
    w.put(EtcdBuckets.CONSISTENT_INDEX, EtcdBuckets.u64(export.consistentIndex()));
    if (export.finishedCompactRevision() > 0) {
      w.put(EtcdBuckets.FINISHED_COMPACT, EtcdBuckets.revision(export.finishedCompactRevision(), 0, false));
    }
    if (export.scheduledCompactRevision() > 0) {
      w.put(EtcdBuckets.SCHEDULED_COMPACT, EtcdBuckets.revision(export.scheduledCompactRevision(), 0, false));
    }
  }

  private static void cluster(List<MetaEntry> entries, BoltWriter w) {
    List<MetaEntry> all = new ArrayList<>(entries);
    if (all.stream().noneMatch(e -> Arrays.equals(e.key(), EtcdBuckets.CLUSTER_VERSION))) {
      all.add(new MetaEntry(EtcdBuckets.CLUSTER_VERSION, EtcdBuckets.bytes(CLUSTER_VERSION)));
    }
    sorted(all, e -> e, w);
  }

  /** Re-keyed entries must be sorted again: etcd's keys do not sort as ours do. */
  private static void sorted(List<MetaEntry> entries, java.util.function.UnaryOperator<MetaEntry> convert,
      BoltWriter w) {
    entries.stream().map(convert)
        .sorted(Comparator.comparing(MetaEntry::key, Arrays::compareUnsigned))
        .forEach(e -> w.put(e.key(), e.value()));
  }
}
