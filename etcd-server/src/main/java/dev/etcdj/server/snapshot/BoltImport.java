package dev.etcdj.server.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.etcdj.api.KeyValue;
import dev.etcdj.storage.bolt.BoltReader;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.StoreImport;
import java.util.Arrays;

/**
 * Loads an etcd bbolt backend file (a snapshot from real etcd or from us) into an empty store:
 * every revision, the compaction revisions and the meta buckets in our layout.
 */
public final class BoltImport {
  /** What was loaded. */
  public record Result(long revision, long consistentIndex) {}

  private BoltImport() {}

  /**
   * @param keepMembers false for a restore: the new cluster's membership replaces the old one
   * @param consistentIndex the consistent index to record, or -1 for the file's own
   */
  public static Result load(BoltReader db, MvccStore store, boolean keepMembers, long consistentIndex) {
    long[] meta = new long[3]; // consistent index, scheduled, finished compaction
    if (db.hasBucket(EtcdBuckets.bytes(EtcdBuckets.META))) {
      db.forEach(EtcdBuckets.bytes(EtcdBuckets.META), (k, v) -> {
        if (Arrays.equals(k, EtcdBuckets.CONSISTENT_INDEX) && v.length == 8) {
          meta[0] = EtcdBuckets.u64(v);
        } else if (Arrays.equals(k, EtcdBuckets.SCHEDULED_COMPACT)) {
          meta[1] = EtcdBuckets.revisionMain(v);
        } else if (Arrays.equals(k, EtcdBuckets.FINISHED_COMPACT)) {
          meta[2] = EtcdBuckets.revisionMain(v);
        }
      });
    }
    try (StoreImport in = store.beginImport()) {
      for (String bucket : EtcdBuckets.names(db.bucketNames())) {
        byte[] name = EtcdBuckets.bytes(bucket);
        switch (bucket) {
          case EtcdBuckets.KEY -> db.forEach(name, (k, v) -> in.revision(EtcdBuckets.revisionMain(k),
              EtcdBuckets.revisionSub(k), EtcdBuckets.isTombstone(k), keyValue(v)));
          case EtcdBuckets.META -> { }
          case EtcdBuckets.MEMBERS -> {
            if (keepMembers) {
              db.forEach(name, (k, v) -> in.meta(bucket, EtcdBuckets.u64(EtcdBuckets.memberId(k)),
                  EtcdBuckets.memberProto(v)));
            }
          }
          case EtcdBuckets.MEMBERS_REMOVED -> {
            if (keepMembers) {
              db.forEach(name, (k, v) -> in.meta(bucket, EtcdBuckets.u64(EtcdBuckets.memberId(k)), new byte[0]));
            }
          }
          case EtcdBuckets.ALARM -> db.forEach(name, (k, v) -> in.meta(bucket, EtcdBuckets.ourAlarmKey(k), new byte[0]));
          default -> db.forEach(name, (k, v) -> in.meta(bucket, k, v));
        }
      }
      long ci = consistentIndex >= 0 ? consistentIndex : meta[0];
      in.finish(ci, Math.max(meta[1], meta[2]), meta[1], meta[2]);
    }
    return new Result(store.currentRevision(), store.consistentIndex());
  }

  private static KeyValue keyValue(byte[] v) {
    try {
      return KeyValue.parseFrom(v);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("corrupt key record in the snapshot", e);
    }
  }
}
