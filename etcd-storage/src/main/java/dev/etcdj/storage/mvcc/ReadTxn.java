package dev.etcdj.storage.mvcc;

/**
 * A consistent read-only view for several reads (etcd's read transaction, e.g. a Txn whose ops
 * are all ranges): every range sees the store as of {@link #revision()}. Any thread may open
 * one; close it promptly (it pins a RocksDB snapshot and blocks {@link MvccStore#close()}).
 */
public final class ReadTxn implements AutoCloseable {
  private final MvccStore.SnapshotView view;

  ReadTxn(MvccStore.SnapshotView view) {
    this.view = view;
  }

  /** The store's current revision when the view was opened. */
  public long revision() {
    return view.headerRev;
  }

  /** The compaction revision when the view was opened. */
  public long compactRevision() {
    return view.compactRev;
  }

  /** As {@link MvccStore#range}, against this view. */
  public RangeResult range(byte[] key, byte[] rangeEnd, long atRevision, long limit,
      boolean countOnly) {
    long rev = view.checkRevision(atRevision);
    return view.range(key, rangeEnd, rev, limit, countOnly, view.headerRev);
  }

  @Override
  public void close() {
    view.close();
  }
}
