package dev.etcdj.server.api;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.AlarmType;
import dev.etcdj.api.DefragmentRequest;
import dev.etcdj.api.DefragmentResponse;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.HashRequest;
import dev.etcdj.api.HashResponse;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.MoveLeaderRequest;
import dev.etcdj.api.MoveLeaderResponse;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.SnapshotRequest;
import dev.etcdj.api.SnapshotResponse;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.StatusResponse;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.Versions;
import dev.etcdj.server.apply.AlarmStore;
import dev.etcdj.server.apply.AppliedIndex;
import dev.etcdj.server.consensus.Consensus;
import dev.etcdj.server.consensus.ConsensusStatus;
import dev.etcdj.server.core.RaftKv;
import dev.etcdj.server.membership.Membership;
import dev.etcdj.server.snapshot.BackupSender;
import dev.etcdj.storage.mvcc.HashKvResult;
import dev.etcdj.storage.mvcc.MvccStore;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Maintenance: Status, Alarm, Snapshot, Defragment, Hash, HashKV, MoveLeader. */
public final class MaintenanceService extends MaintenanceGrpc.MaintenanceImplBase {
  private final RaftKv kv;
  private final MvccStore store;
  private final Consensus consensus;
  private final AppliedIndex applied;
  private final AlarmStore alarms;
  private final Membership membership;
  private final Headers headers;
  private final Executor blocking;
  private final BackupSender backups;

  public MaintenanceService(RaftKv kv, MvccStore store, Consensus consensus, AppliedIndex applied,
      AlarmStore alarms, Membership membership, Headers headers, Executor blocking,
      BackupSender backups) {
    this.backups = backups;
    this.kv = kv;
    this.store = store;
    this.consensus = consensus;
    this.applied = applied;
    this.alarms = alarms;
    this.membership = membership;
    this.headers = headers;
    this.blocking = blocking;
  }

  @Override
  public void alarm(AlarmRequest request, StreamObserver<AlarmResponse> observer) {
    Responses.reply(() -> kv.alarm(request),
        r -> r.toBuilder().setHeader(headers.fill(r.getHeader())).build(), observer);
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
    Responses.reply(() -> CompletableFuture.completedFuture(currentStatus()), r -> r, observer);
  }

  public StatusResponse currentStatus() {
    ConsensusStatus cs = consensus.status();
    StatusResponse.Builder b = StatusResponse.newBuilder()
        .setHeader(headers.current())
        .setVersion(Versions.SERVER)
        .setDbSize(store.sizeBytes())
        .setDbSizeInUse(store.sizeInUseBytes())
        .setLeader(cs.leaderId())
        .setRaftIndex(cs.commitIndex())
        .setRaftTerm(cs.term())
        .setRaftAppliedIndex(applied.get())
        .setIsLearner(membership.member(membership.localId()).map(m -> m.learner()).orElse(false));
    alarms.list(AlarmType.NONE).forEach(a ->
        b.addErrors("memberID:" + Long.toUnsignedString(a.getMemberID()) + " alarm:" + a.getAlarm() + " "));
    return b.build();
  }

  @Override
  public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
    backups.send((ServerCallStreamObserver<SnapshotResponse>) observer);
  }

  @Override
  public void defragment(DefragmentRequest request, StreamObserver<DefragmentResponse> observer) {
    Responses.reply(() -> CompletableFuture.supplyAsync(() -> {
      store.defragment();
      return DefragmentResponse.newBuilder().setHeader(headers.current()).build();
    }, blocking), r -> r, observer);
  }

  @Override
  public void hash(HashRequest request, StreamObserver<HashResponse> observer) {
    Responses.reply(() -> CompletableFuture.supplyAsync(() -> {
      long revision = store.currentRevision();
      int hash = (int) store.hash();
      return HashResponse.newBuilder().setHeader(headers.fill(ResponseHeader.newBuilder().setRevision(revision).build()))
          .setHash(hash).build();
    }, blocking), r -> r, observer);
  }

  @Override
  public void hashKV(HashKVRequest request, StreamObserver<HashKVResponse> observer) {
    Responses.reply(() -> CompletableFuture.supplyAsync(() -> {
      HashKvResult h = store.hashKv(request.getRevision());
      return HashKVResponse.newBuilder()
          .setHeader(headers.fill(ResponseHeader.newBuilder().setRevision(h.revision()).build()))
          .setHash((int) h.hash())
          .setCompactRevision(h.compactRevision())
          .build();
    }, blocking), r -> r, observer);
  }

  @Override
  public void moveLeader(MoveLeaderRequest request, StreamObserver<MoveLeaderResponse> observer) {
    Responses.reply(() -> {
      if (consensus.status().leaderId() != membership.localId()) {
        throw EtcdError.NOT_LEADER.exception();
      }
      boolean voter = membership.member(request.getTargetID()).map(m -> !m.learner()).orElse(false);
      if (!voter) {
        throw EtcdError.BAD_LEADER_TRANSFEREE.exception();
      }
      return consensus.transferLeadership(request.getTargetID())
          .thenApply(v -> MoveLeaderResponse.newBuilder().setHeader(headers.current()).build());
    }, r -> r, observer);
  }
}
