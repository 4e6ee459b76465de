package dev.etcdj.storage.mvcc;

import dev.etcdj.api.KeyValue;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Loads a whole store's contents (from a backup such as an etcd snapshot) into an empty store:
 * revisions in increasing order, meta entries, then the bookkeeping in {@link #finish}. Used
 * before the store serves anything; not for a running server.
 */
public final class StoreImport implements AutoCloseable {
  private static final int BATCH_BYTES = 4 << 20;

  private final MvccStore store;
  private WriteBatch batch = new WriteBatch();
  private long lastMain;
  private long lastSub = -1;

  StoreImport(MvccStore store) {
    if (store.currentRevision() != 1 || store.consistentIndex() != 0) {
      throw new IllegalStateException("mvcc: import needs an empty store");
    }
    this.store = store;
  }

  /** Adds a put or, with {@code tombstone}, a delete of {@code kv.key} at (main, sub). */
  public void revision(long main, long sub, boolean tombstone, KeyValue kv) {
    if (main < lastMain || (main == lastMain && sub <= lastSub)) {
      throw new IllegalArgumentException("mvcc: import revisions out of order at " + main + "_" + sub);
    }
    lastMain = main;
    lastSub = sub;
    KeyValue stored = tombstone
        ? KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(main).build() : kv;
    byte[] key = kv.getKey().toByteArray();
    put(store.kvCf, Keys.rev(main, sub), stored.toByteArray());
    put(store.indexCf, Keys.indexKey(Keys.enc(key), main, sub),
        new byte[] {tombstone ? Keys.FLAG_TOMBSTONE : Keys.FLAG_PUT});
  }

  public void meta(String bucket, byte[] key, byte[] value) {
    put(store.metaCf, Keys.metaKey(bucket, key), value);
  }

  /**
   * Writes the bookkeeping and reopens the store's view of it. The current revision is the
   * newest imported one (at least {@code minRevision}).
   */
  public void finish(long consistentIndex, long minRevision, long scheduledCompact, long finishedCompact) {
    long rev = Math.max(Math.max(1, lastMain), minRevision);
    put(store.defaultCf, MvccStore.K_REV, Keys.longBytes(rev));
    put(store.defaultCf, MvccStore.K_CI, Keys.longBytes(consistentIndex));
    if (scheduledCompact > 0) {
      put(store.defaultCf, MvccStore.K_COMPACT_SCHEDULED, Keys.longBytes(scheduledCompact));
    }
    if (finishedCompact > 0) {
      put(store.defaultCf, MvccStore.K_COMPACT_FINISHED, Keys.longBytes(finishedCompact));
    }
    flush();
    store.reloadBookkeeping();
  }

  @Override
  public void close() {
    batch.close();
  }

  private void put(org.rocksdb.ColumnFamilyHandle cf, byte[] k, byte[] v) {
    try {
      batch.put(cf, k, v);
      if (batch.getDataSize() > BATCH_BYTES) {
        flush();
      }
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: import failed", e);
    }
  }

  private void flush() {
    try {
      store.db.write(store.writeOptions, batch);
      batch.close();
      batch = new WriteBatch();
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: import failed", e);
    }
  }
}
