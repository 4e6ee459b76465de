package dev.etcdj.server.core;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.CompactionRequest;
import dev.etcdj.api.CompactionResponse;
import dev.etcdj.api.DeleteRangeRequest;
import dev.etcdj.api.DeleteRangeResponse;
import dev.etcdj.api.PutRequest;
import dev.etcdj.api.PutResponse;
import dev.etcdj.api.RangeRequest;
import dev.etcdj.api.RangeResponse;
import dev.etcdj.api.RequestOp;
import dev.etcdj.api.TxnRequest;
import dev.etcdj.api.TxnResponse;
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.EtcdException;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.apply.CompactionTracker;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.kv.KvApplier;
import dev.etcdj.server.kv.RangeEvaluator;
import dev.etcdj.server.kv.RequestValidation;
import dev.etcdj.storage.mvcc.CompactedException;
import dev.etcdj.storage.mvcc.FutureRevisionException;
import dev.etcdj.storage.mvcc.MvccStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The KV operations of the v3 API (etcd's RaftKV): writes are validated, checked against the
 * backend quota and proposed; reads run on the local store, linearizable ones only after the
 * consensus read index has been applied here; read-only txns are served as reads.
 */
public final class RaftKv {
  private final MvccStore store;
  private final Consensus consensus;
  private final Proposals proposals;
  private final AppliedIndex applied;
  private final BackendQuota quota;
  private final CompactionTracker compactions;
  private final KvApplier kv;
  private final Executor readExecutor;
  private final long memberId;
  private final int maxTxnOps;
  private final java.time.Duration timeout;

  public RaftKv(MvccStore store, Consensus consensus, Proposals proposals, AppliedIndex applied,
      BackendQuota quota, CompactionTracker compactions, KvApplier kv, Executor readExecutor,
      long memberId, int maxTxnOps, java.time.Duration timeout) {
    this.timeout = timeout;
    this.store = store;
    this.consensus = consensus;
    this.proposals = proposals;
    this.applied = applied;
    this.quota = quota;
    this.compactions = compactions;
    this.kv = kv;
    this.readExecutor = readExecutor;
    this.memberId = memberId;
    this.maxTxnOps = maxTxnOps;
  }

  public CompletableFuture<RangeResponse> range(RangeRequest r) {
    RequestValidation.checkRange(r);
    return read(r.getSerializable(), () -> RangeEvaluator.range(new StoreView(store), r));
  }

  public CompletableFuture<PutResponse> put(PutRequest r) {
    RequestValidation.checkPut(r);
    requireQuota(r);
    return proposals.propose(InternalRequest.newBuilder().setPut(r));
  }

  public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest r) {
    RequestValidation.checkDelete(r);
    return proposals.propose(InternalRequest.newBuilder().setDeleteRange(r));
  }

  public CompletableFuture<TxnResponse> txn(TxnRequest r) {
    RequestValidation.checkTxn(r, maxTxnOps);
    if (readOnly(r)) {
      return read(serializable(r), () -> kv.txn(new StoreView(store), r));
    }
    requireQuota(r);
    return proposals.propose(InternalRequest.newBuilder().setTxn(r));
  }

  public CompletableFuture<CompactionResponse> compact(CompactionRequest r) {
    CompletableFuture<CompactionResponse> result =
        proposals.propose(InternalRequest.newBuilder().setCompaction(r));
    if (!r.getPhysical()) {
      return result;
    }
    return result.thenCompose(resp -> compactions.physicallyDone(r.getRevision()).thenApply(v -> resp));
  }

  public CompletableFuture<AlarmResponse> alarm(AlarmRequest r) {
    return proposals.propose(InternalRequest.newBuilder().setAlarm(r));
  }

  /** Waits until everything committed before now is applied here, as a linearizable read must. */
  public CompletableFuture<Void> linearizableBarrier() {
    return consensus.readIndex().thenCompose(applied::await)
        .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(t -> {
          Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
          throw cause instanceof EtcdException e ? e : EtcdError.TIMEOUT.exception();
        });
  }

  private <T> CompletableFuture<T> read(boolean serializable, Supplier<T> op) {
    CompletableFuture<Void> ready = serializable ? CompletableFuture.completedFuture(null) : linearizableBarrier();
    return ready.thenApplyAsync(v -> mapStoreErrors(op), readExecutor);
  }

  private static <T> T mapStoreErrors(Supplier<T> op) {
    try {
      return op.get();
    } catch (CompactedException e) {
      throw EtcdError.COMPACTED.exception();
    } catch (FutureRevisionException e) {
      throw EtcdError.FUTURE_REV.exception();
    }
  }

  private void requireQuota(com.google.protobuf.Message r) {
    if (!quota.available(r)) {
      proposals.propose(InternalRequest.newBuilder().setAlarm(AlarmRequest.newBuilder()
          .setAction(AlarmRequest.AlarmAction.ACTIVATE).setMemberID(memberId).setAlarm(AlarmType.NOSPACE)));
      throw new EtcdException(EtcdError.NO_SPACE);
    }
  }

  private static boolean readOnly(TxnRequest r) {
    return r.getSuccessList().stream().allMatch(RequestOp::hasRequestRange)
        && r.getFailureList().stream().allMatch(RequestOp::hasRequestRange);
  }

  private static boolean serializable(TxnRequest r) {
    return r.getSuccessList().stream().allMatch(op -> op.hasRequestRange() && op.getRequestRange().getSerializable())
        && r.getFailureList().stream().allMatch(op -> op.hasRequestRange() && op.getRequestRange().getSerializable());
  }
}
