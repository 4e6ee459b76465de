package dev.etcdj.server.apply;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;


/**
 * While a NOSPACE alarm is active, refuses whatever would grow the store (puts, txns that put,
 * lease grants) and lets deletes, lease revocations, compaction and alarms through, so an operator can free space and disarm.
 */
public final class CappedApplier implements Applier {
  private final Applier next;
  private final AlarmStore alarms;

  public CappedApplier(Applier next, AlarmStore alarms) {
    this.next = next;
    this.alarms = alarms;
  }

  private boolean capped() {
    return alarms.isActive(AlarmType.NOSPACE);
  }

  @Override
  public ApplyResult put(ApplyTxn txn, PutRequest r) {
    return capped() ? ApplyResult.failed(EtcdError.NO_SPACE.exception()) : next.put(txn, r);
  }

  @Override
  public ApplyResult deleteRange(ApplyTxn txn, DeleteRangeRequest r) {
    return next.deleteRange(txn, r);
  }

  @Override
  public ApplyResult txn(ApplyTxn txn, TxnRequest r) {
    return capped() && puts(r) ? ApplyResult.failed(EtcdError.NO_SPACE.exception()) : next.txn(txn, r);
  }

  @Override
  public ApplyResult compaction(CompactionRequest r, long index) {
    return next.compaction(r, index);
  }

  @Override
  public ApplyResult alarm(ApplyTxn txn, AlarmRequest r) {
    return next.alarm(txn, r);
  }

  @Override
  public ApplyResult leaseGrant(ApplyTxn txn, LeaseGrantRequest r) {
    return capped() ? ApplyResult.failed(EtcdError.NO_SPACE.exception()) : next.leaseGrant(txn, r);
  }

  @Override
  public ApplyResult leaseRevoke(ApplyTxn txn, LeaseRevokeRequest r) {
    return next.leaseRevoke(txn, r);
  }

  @Override
  public ApplyResult leaseCheckpoint(ApplyTxn txn, LeaseCheckpointRequest r) {
    return next.leaseCheckpoint(txn, r);
  }

  static boolean puts(TxnRequest r) {
    return r.getSuccessList().stream().anyMatch(CappedApplier::puts)
        || r.getFailureList().stream().anyMatch(CappedApplier::puts);
  }

  private static boolean puts(RequestOp op) {
    return op.hasRequestPut() || (op.hasRequestTxn() && puts(op.getRequestTxn()));
  }
}
