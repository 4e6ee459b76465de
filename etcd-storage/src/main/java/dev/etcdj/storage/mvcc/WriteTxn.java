package dev.etcdj.storage.mvcc;

import com.google.protobuf.ByteString;
import dev.etcdj.api.Event;
import dev.etcdj.api.KeyValue;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The apply loop's write transaction: all its changes share main revision
 * {@link #revision()} (sub revisions 0, 1, ...) and are committed by {@link #end()} in one
 * atomic RocksDB batch with the consistent index. Reads inside the transaction see its own
 * earlier writes. Not thread-safe; {@link #close()} without {@link #end()} discards everything.
 */
public final class WriteTxn implements AutoCloseable {
  private final MvccStore store;
  private final long beginRev;
  private final long consistentIndex;
  private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
  private final ReadOptions readOptions = new ReadOptions();
  private final List<Event> events = new ArrayList<>();
  private final TxnView view = new TxnView();
  private long sub;
  private boolean metaChanged;
  private boolean done;

  WriteTxn(MvccStore store, long beginRev, long consistentIndex) {
    this.store = store;
    this.beginRev = beginRev;
    this.consistentIndex = consistentIndex;
  }

  /** The main revision the changes of this transaction get (current + 1). */
  public long revision() {
    return beginRev + 1;
  }

  /** The revision a read at "current" sees: revision() if this txn changed keys, else current. */
  private long readRev() {
    return sub > 0 ? beginRev + 1 : beginRev;
  }

  /**
   * Range inside the transaction (sees its own writes); atRevision 0 = the transaction's view.
   * RangeResult.revision is the transaction's current revision.
   */
  public RangeResult range(byte[] key, byte[] rangeEnd, long atRevision, long limit,
      boolean countOnly) {
    check();
    long cur = readRev();
    if (atRevision > cur) {
      throw new FutureRevisionException();
    }
    long compact = store.compactRevision();
    if (atRevision > 0 && atRevision < compact) {
      throw new CompactedException(compact);
    }
    long rev = atRevision <= 0 ? cur : atRevision;
    return view.range(key, rangeEnd, rev, limit, countOnly, cur);
  }

  /**
   * Puts a key. create_revision and version continue the key's current generation, or start a
   * new one (version 1) if the key does not exist.
   *
   * @return the previous live value, or null
   */
  public KeyValue put(byte[] key, byte[] value, long lease) {
    check();
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("mvcc: empty key");
    }
    byte[] enc = Keys.enc(key);
    KeyValue prev = view.liveKv(enc, Long.MAX_VALUE, -1);
    long rev = beginRev + 1;
    KeyValue kv = KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(key))
        .setCreateRevision(prev == null ? rev : prev.getCreateRevision())
        .setModRevision(rev)
        .setVersion(prev == null ? 1 : prev.getVersion() + 1)
        .setValue(ByteString.copyFrom(value == null ? new byte[0] : value))
        .setLease(lease)
        .build();
    write(enc, kv, Keys.FLAG_PUT);
    Event.Builder e = Event.newBuilder().setType(Event.EventType.PUT).setKv(kv);
    if (prev != null) {
      e.setPrevKv(prev);
    }
    events.add(e.build());
    return prev;
  }

  /** Deletes the live keys in the range (rangeEnd as in range); returns how many. */
  public long deleteRange(byte[] key, byte[] rangeEnd) {
    return deleteRangeReturningPrev(key, rangeEnd).size();
  }

  /** Like {@link #deleteRange} but returns the deleted values (for prev_kv responses). */
  public List<KeyValue> deleteRangeReturningPrev(byte[] key, byte[] rangeEnd) {
    check();
    RangeResult live = view.range(key, rangeEnd, Long.MAX_VALUE, 0, false, 0);
    long rev = beginRev + 1;
    for (KeyValue prev : live.kvs()) {
      KeyValue tomb = KeyValue.newBuilder().setKey(prev.getKey()).setModRevision(rev).build();
      write(Keys.enc(prev.getKey().toByteArray()), tomb, Keys.FLAG_TOMBSTONE);
      events.add(Event.newBuilder().setType(Event.EventType.DELETE).setKv(tomb)
          .setPrevKv(prev).build());
    }
    return live.kvs();
  }

  /** Sets a value in a meta bucket, committed atomically with the transaction. */
  public void putMeta(String bucket, byte[] key, byte[] value) {
    check();
    try {
      batch.put(store.metaCf, Keys.metaKey(bucket, key), value);
      metaChanged = true;
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: putMeta failed", e);
    }
  }

  public void deleteMeta(String bucket, byte[] key) {
    check();
    try {
      batch.delete(store.metaCf, Keys.metaKey(bucket, key));
      metaChanged = true;
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: deleteMeta failed", e);
    }
  }

  /** A meta value as this transaction sees it (its own writes included), or null. */
  public byte[] getMeta(String bucket, byte[] key) {
    check();
    try {
      return batch.getFromBatchAndDB(store.db, store.metaCf, readOptions,
          Keys.metaKey(bucket, key));
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: getMeta failed", e);
    }
  }

  /**
   * Commits: key changes (if any) at {@link #revision()}, meta changes and the consistent index,
   * in one atomic batch; returns the events in order (puts and deletes, with prev_kv set when
   * the key existed). The current revision advances only if a key changed.
   */
  public List<Event> end() {
    check();
    long newRev = sub > 0 ? beginRev + 1 : beginRev;
    long ci = Math.max(consistentIndex, store.consistentIndex());
    try {
      if (sub > 0) {
        batch.put(store.defaultCf, MvccStore.K_REV, Keys.longBytes(newRev));
      }
      if (ci != store.consistentIndex() || sub > 0 || metaChanged) {
        batch.put(store.defaultCf, MvccStore.K_CI, Keys.longBytes(ci));
        store.db.write(store.writeOptions, batch);
      }
    } catch (RocksDBException e) {
      release();
      store.txnFinished(this, 0, 0);
      throw new MvccException("mvcc: commit failed", e);
    }
    release();
    store.txnFinished(this, newRev, ci);
    return events;
  }

  /** Aborts the transaction if {@link #end()} was not called. */
  @Override
  public void close() {
    if (!done) {
      release();
      store.txnFinished(this, 0, 0);
    }
  }

  private void write(byte[] enc, KeyValue kv, byte flag) {
    long rev = beginRev + 1;
    try {
      batch.put(store.kvCf, Keys.rev(rev, sub), kv.toByteArray());
      batch.put(store.indexCf, Keys.indexKey(enc, rev, sub), new byte[] {flag});
    } catch (RocksDBException e) {
      throw new MvccException("mvcc: write failed", e);
    }
    sub++;
  }

  private void release() {
    done = true;
    batch.close();
    readOptions.close();
  }

  private void check() {
    if (done) {
      throw new IllegalStateException("mvcc: transaction already ended");
    }
  }

  /** The database as of now plus this transaction's uncommitted writes. */
  private final class TxnView extends View {
    @Override
    RocksIterator indexIterator() {
      return batch.newIteratorWithBase(store.indexCf, store.db.newIterator(store.indexCf));
    }

    @Override
    byte[] getKv(byte[] revKey) throws RocksDBException {
      return batch.getFromBatchAndDB(store.db, store.kvCf, readOptions, revKey);
    }
  }
}
