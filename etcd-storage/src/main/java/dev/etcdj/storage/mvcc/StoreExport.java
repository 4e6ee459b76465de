package dev.etcdj.storage.mvcc;

import dev.etcdj.api.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A point-in-time view of the whole store (every revision kept since the last compaction, the
 * meta buckets and the bookkeeping), all read from one RocksDB snapshot: what a backup
 * (etcd's Maintenance.Snapshot) copies. Close it to release the snapshot.
 */
public final class StoreExport implements AutoCloseable {
  /** Receives one revision: a put, or a tombstone (a KeyValue with version 0). */
  @FunctionalInterface
  public interface RevisionVisitor {
    void visit(long main, long sub, KeyValue kv);
  }

  private final MvccStore store;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private boolean closed;

  StoreExport(MvccStore store) {
    this.store = store;
    store.readLock();
    this.snapshot = store.db.getSnapshot();
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  public long currentRevision() {
    return Math.max(1, bookkeeping(MvccStore.K_REV));
  }

  public long consistentIndex() {
    return bookkeeping(MvccStore.K_CI);
  }

  public long scheduledCompactRevision() {
    return bookkeeping(MvccStore.K_COMPACT_SCHEDULED);
  }

  public long finishedCompactRevision() {
    return bookkeeping(MvccStore.K_COMPACT_FINISHED);
  }

  /** Every revision in the store, in revision order. */
  public void forEachRevision(RevisionVisitor visitor) {
    try (RocksIterator it = store.db.newIterator(store.kvCf, readOptions)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        visitor.visit(Keys.revMain(k), Keys.revSub(k), View.parse(it.value(), k));
      }
      View.checkStatus(it);
    }
  }

  /** The names of the meta buckets that hold at least one key, in order. */
  public List<String> metaBuckets() {
    List<String> names = new ArrayList<>();
    try (RocksIterator it = store.db.newIterator(store.metaCf, readOptions)) {
      it.seekToFirst();
      while (it.isValid()) {
        byte[] k = it.key();
        int len = k[0] & 0xFF;
        names.add(new String(k, 1, len, StandardCharsets.UTF_8));
        byte[] end = Keys.prefixEnd(Arrays.copyOf(k, len + 1));
        if (end == null) {
          break;
        }
        it.seek(end);
      }
      View.checkStatus(it);
    }
    return names;
  }

  /** The entries of a meta bucket, in unsigned key order. */
  public List<MetaEntry> meta(String bucket) {
    byte[] prefix = Keys.bucketPrefix(bucket);
    List<MetaEntry> out = new ArrayList<>();
    try (RocksIterator it = store.db.newIterator(store.metaCf, readOptions)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
          break;
        }
        out.add(new MetaEntry(Arrays.copyOfRange(k, prefix.length, k.length), it.value()));
      }
      View.checkStatus(it);
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      readOptions.close();
      store.db.releaseSnapshot(snapshot);
    } finally {
      store.readUnlock();
    }
  }

  private long bookkeeping(byte[] key) {
    try {
      byte[] v = store.db.get(store.defaultCf, readOptions, key);
      return v == null ? 0 : Keys.getLong(v, 0);
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: export read failed", e);
    }
  }
}
