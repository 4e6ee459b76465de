package dev.etcdj.storage.mvcc;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Physical compaction at revision C: walks the index key by key (newest revision first) and,
 * for each key, deletes every revision older than its newest revision <= C, and that one too if
 * it is a tombstone; kv entries go with their index entries. A key's deletions always land in
 * the same batch, so a snapshot reader sees a key either untouched or fully compacted, and
 * either way reads at revisions >= C are unaffected. Finishes by recording C as the finished
 * compaction revision.
 */
final class Compactor {
  /** Deletes per RocksDB batch (a key is never split across batches). Tests lower it. */
  static volatile int batchDeletes = 10_000;

  private final MvccStore store;
  private final long rev;

  Compactor(MvccStore store, long rev) {
    this.store = store;
    this.rev = rev;
  }

  /** Returns the number of revisions removed, or -1 if stopped because the store is closing. */
  long run() {
    long removed = 0;
    long groups = 0;
    byte[] revSuffix = new byte[Keys.REV_LEN];
    Keys.putLong(revSuffix, 0, ~rev);
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = store.db.newIterator(store.indexCf, ro);
        WriteBatch wb = new WriteBatch()) {
      it.seekToFirst();
      while (it.isValid()) {
        byte[] k = it.key();
        if (Keys.indexMain(k) > rev) {
          it.seek(Keys.concat(Keys.groupPrefix(k), revSuffix));
          if (!it.isValid()) {
            break;
          }
          if (!Keys.sameGroup(k, it.key())) {
            continue;
          }
          k = it.key();
        }
        // k: the newest revision <= rev of this key; delete it if a tombstone, and all older.
        boolean tombstone = it.value()[0] == Keys.FLAG_TOMBSTONE;
        if (tombstone) {
          delete(wb, k);
          removed++;
        }
        byte[] group = k;
        for (it.next(); it.isValid() && Keys.sameGroup(group, it.key()); it.next()) {
          delete(wb, it.key());
          removed++;
        }
        if (++groups % 4096 == 0 && store.isClosing()) {
          return -1;
        }
        if (wb.count() >= batchDeletes) {
          if (store.isClosing()) {
            return -1;
          }
          store.db.write(store.writeOptions, wb);
          wb.clear();
        }
      }
      View.checkStatus(it);
      if (store.isClosing()) {
        return -1;
      }
      wb.put(store.defaultCf, MvccStore.K_COMPACT_FINISHED, Keys.longBytes(rev));
      store.db.write(store.writeOptions, wb);
      return removed;
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: compaction at " + rev + " failed", e);
    }
  }

  private void delete(WriteBatch wb, byte[] indexKey) throws RocksDBException {
    wb.delete(store.indexCf, indexKey);
    wb.delete(store.kvCf, Keys.rev(Keys.indexMain(indexKey), Keys.indexSub(indexKey)));
  }
}
