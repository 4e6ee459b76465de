package dev.etcdj.server.apply;

import dev.etcdj.server.kv.KvView;
import dev.etcdj.storage.mvcc.RangeResult;
import dev.etcdj.storage.mvcc.WriteTxn;

/**
 * The apply thread's view while applying one entry: the MVCC write transaction, which also
 * carries the other state kept atomically with the keys (alarms, and later leases, members).
 */
public final class ApplyTxn implements KvView {
  private final WriteTxn txn;
  private final long compactRevision;
  private boolean changed;

  ApplyTxn(WriteTxn txn, long compactRevision) {
    this.txn = txn;
    this.compactRevision = compactRevision;
  }

  @Override
  public RangeResult range(byte[] key, byte[] rangeEnd, long revision, long limit, boolean countOnly) {
    return txn.range(key, rangeEnd, revision, limit, countOnly);
  }

  /** The revision reads observe: the txn's own revision once it has changed a key. */
  @Override
  public long revision() {
    return changed ? txn.revision() : txn.revision() - 1;
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  @Override
  public void put(byte[] key, byte[] value, long lease) {
    txn.put(key, value, lease);
    changed = true;
  }

  @Override
  public long deleteRange(byte[] key, byte[] rangeEnd) {
    long deleted = txn.deleteRange(key, rangeEnd);
    changed |= deleted > 0;
    return deleted;
  }

  public void putMeta(String bucket, byte[] key, byte[] value) {
    txn.putMeta(bucket, key, value);
  }

  public void deleteMeta(String bucket, byte[] key) {
    txn.deleteMeta(bucket, key);
  }
}
