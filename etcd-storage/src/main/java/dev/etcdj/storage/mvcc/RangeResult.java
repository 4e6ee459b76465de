package dev.etcdj.storage.mvcc;

import dev.etcdj.api.KeyValue;
import java.util.List;

/**
 * A range answer: {@code kvs} sorted by key (at most {@code limit}, empty if count-only),
 * {@code count} = all matching keys ignoring the limit, {@code revision} = the store's current
 * revision at the time of the read (what etcd puts in the response header), not the revision
 * read at.
 */
public record RangeResult(List<KeyValue> kvs, long count, long revision) {
  /** True if the limit cut the answer short (etcd's {@code more}). */
  public boolean more() {
    return count > kvs.size();
  }
}
