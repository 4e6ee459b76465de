package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.AlarmRequest;
import dev.etcdj.api.AlarmResponse;
import dev.etcdj.api.DefragmentRequest;
import dev.etcdj.api.DefragmentResponse;
import dev.etcdj.api.HashKVRequest;
import dev.etcdj.api.HashKVResponse;
import dev.etcdj.api.HashRequest;
import dev.etcdj.api.HashResponse;
import dev.etcdj.api.MaintenanceGrpc;
import dev.etcdj.api.MoveLeaderRequest;
import dev.etcdj.api.MoveLeaderResponse;
import dev.etcdj.api.SnapshotRequest;
import dev.etcdj.api.SnapshotResponse;
import dev.etcdj.api.StatusRequest;
import dev.etcdj.api.StatusResponse;
import io.grpc.stub.StreamObserver;

/** The Maintenance service of the proxy: every call goes to one member of the cluster (Snapshot streams through). */
final class MaintenanceProxy extends MaintenanceGrpc.MaintenanceImplBase {
  private final MaintenanceGrpc.MaintenanceStub maintenance;

  MaintenanceProxy(Upstream upstream) {
    this.maintenance = MaintenanceGrpc.newStub(upstream.channel());
  }

  @Override
  public void alarm(AlarmRequest r, StreamObserver<AlarmResponse> out) {
    Upstream.asCaller(maintenance).alarm(r, Relay.to(out));
  }

  @Override
  public void status(StatusRequest r, StreamObserver<StatusResponse> out) {
    Upstream.asCaller(maintenance).status(r, Relay.to(out));
  }

  @Override
  public void defragment(DefragmentRequest r, StreamObserver<DefragmentResponse> out) {
    Upstream.asCaller(maintenance).defragment(r, Relay.to(out));
  }

  @Override
  public void hash(HashRequest r, StreamObserver<HashResponse> out) {
    Upstream.asCaller(maintenance).hash(r, Relay.to(out));
  }

  @Override
  public void hashKV(HashKVRequest r, StreamObserver<HashKVResponse> out) {
    Upstream.asCaller(maintenance).hashKV(r, Relay.to(out));
  }

  @Override
  public void snapshot(SnapshotRequest r, StreamObserver<SnapshotResponse> out) {
    Upstream.asCaller(maintenance).snapshot(r, Relay.to(out));
  }

  @Override
  public void moveLeader(MoveLeaderRequest r, StreamObserver<MoveLeaderResponse> out) {
    Upstream.asCaller(maintenance).moveLeader(r, Relay.to(out));
  }
}
