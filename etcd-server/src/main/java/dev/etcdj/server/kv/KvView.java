package dev.etcdj.server.kv;

import dev.etcdj.storage.mvcc.RangeResult;

/**
 * What a request executes against: a read view of the store, or the apply thread's write
 * transaction, where later operations see earlier ones.
 */
public interface KvView {

  /**
   * Keys in [key, rangeEnd) at {@code revision} (0: the view's revision); rangeEnd empty means
   * the single key, a single zero byte means every key from {@code key} on.
   */
  RangeResult range(byte[] key, byte[] rangeEnd, long revision, long limit, boolean countOnly);

  /** The revision a read in this view observes: one past the start once it has written. */
  long revision();

  /** The compacted revision: reads below it fail. */
  long compactRevision();

  void put(byte[] key, byte[] value, long lease);

  /** Deletes the range and returns how many keys it removed. */
  long deleteRange(byte[] key, byte[] rangeEnd);
}
