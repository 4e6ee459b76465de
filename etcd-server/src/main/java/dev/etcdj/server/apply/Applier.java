package dev.etcdj.server.apply;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.LeaseCheckpointRequest;
import dev.etcdj.api.LeaseGrantRequest;
import dev.etcdj.api.LeaseRevokeRequest;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.server.EtcdError;


/**
 * Applies each kind of replicated request; decorators refuse or adjust requests before the
 * backend applier executes them (etcd's applierV3 chain). Runs only on the apply thread.
 */
public interface Applier {
  ApplyResult put(ApplyTxn txn, PutRequest r);

  ApplyResult deleteRange(ApplyTxn txn, DeleteRangeRequest r);

  ApplyResult txn(ApplyTxn txn, TxnRequest r);

  ApplyResult compaction(CompactionRequest r, long index);

  ApplyResult alarm(ApplyTxn txn, AlarmRequest r);

  ApplyResult leaseGrant(ApplyTxn txn, LeaseGrantRequest r);

  /** Deletes the lease's keys and the lease in the entry's one write transaction. */
  ApplyResult leaseRevoke(ApplyTxn txn, LeaseRevokeRequest r);

  /** Records leases' remaining TTLs (the leader's lease checkpoints); decorators pass it on. */
  default ApplyResult leaseCheckpoint(ApplyTxn txn, LeaseCheckpointRequest r) {
    return ApplyResult.failed(EtcdError.NOT_CAPABLE.exception());
  }
}
