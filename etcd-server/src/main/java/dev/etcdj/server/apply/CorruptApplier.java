package dev.etcdj.server.apply;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;

/**
 * While a CORRUPT alarm is active, refuses every replicated write (put, delete, txn,
 * compaction, lease grant and revoke) with etcd's "etcdserver: corrupt cluster", as etcd's
 * applierV3Corrupt; alarms and lease checkpoints pass, so an operator can disarm. Reads do not
 * go through the log and are still served.
 */
public final class CorruptApplier implements Applier {
  private final Applier next;
  private final AlarmStore alarms;

  public CorruptApplier(Applier next, AlarmStore alarms) {
    this.next = next;
    this.alarms = alarms;
  }

  private boolean corrupt() {
    return alarms.isActive(AlarmType.CORRUPT);
  }

  private static ApplyResult refused() {
    return ApplyResult.failed(EtcdError.CORRUPT.exception());
  }

  @Override
  public ApplyResult put(ApplyTxn txn, PutRequest r) {
    return corrupt() ? refused() : next.put(txn, r);
  }

  @Override
  public ApplyResult deleteRange(ApplyTxn txn, DeleteRangeRequest r) {
    return corrupt() ? refused() : next.deleteRange(txn, r);
  }

  @Override
  public ApplyResult txn(ApplyTxn txn, TxnRequest r) {
    return corrupt() ? refused() : next.txn(txn, r);
  }

  @Override
  public ApplyResult compaction(CompactionRequest r, long index) {
    return corrupt() ? refused() : next.compaction(r, index);
  }

  @Override
  public ApplyResult alarm(ApplyTxn txn, AlarmRequest r) {
    return next.alarm(txn, r);
  }

  @Override
  public ApplyResult leaseGrant(ApplyTxn txn, LeaseGrantRequest r) {
    return corrupt() ? refused() : next.leaseGrant(txn, r);
  }

  @Override
  public ApplyResult leaseRevoke(ApplyTxn txn, LeaseRevokeRequest r) {
    return corrupt() ? refused() : next.leaseRevoke(txn, r);
  }

  @Override
  public ApplyResult leaseCheckpoint(ApplyTxn txn, LeaseCheckpointRequest r) {
    return next.leaseCheckpoint(txn, r);
  }
}
