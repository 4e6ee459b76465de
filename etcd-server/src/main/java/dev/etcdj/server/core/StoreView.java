package dev.etcdj.server.core;

import dev.etcdj.server.kv.KvView;
import dev.etcdj.storage.mvcc.MvccStore;
import dev.etcdj.storage.mvcc.RangeResult;

/**
 * A read-only view of the store pinned at the revision current when it was taken, so every
 * read of one request (a read-only txn's compares and ranges) sees the same state.
 */
final class StoreView implements KvView {
  private final MvccStore store;
  private final long revision;
  private final long compactRevision;

  StoreView(MvccStore store) {
    this.store = store;
    this.compactRevision = store.compactRevision();
    this.revision = store.currentRevision();
  }

  @Override
  public RangeResult range(byte[] key, byte[] rangeEnd, long atRevision, long limit, boolean countOnly) {
    return store.range(key, rangeEnd, atRevision == 0 ? revision : atRevision, limit, countOnly);
  }

  @Override
  public long revision() {
    return revision;
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  @Override
  public void put(byte[] key, byte[] value, long lease) {
    throw new UnsupportedOperationException("read-only view");
  }

  @Override
  public long deleteRange(byte[] key, byte[] rangeEnd) {
    throw new UnsupportedOperationException("read-only view");
  }
}
