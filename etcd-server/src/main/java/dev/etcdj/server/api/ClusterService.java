package dev.etcdj.server.api;

import dev.etcdj.api.ClusterGrpc;
import dev.etcdj.api.MemberListRequest;
import dev.etcdj.api.MemberListResponse;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Cluster: MemberList. Reconfiguration arrives with the replicated cluster. */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final ClusterMembership membership;
  private final Headers headers;

  public ClusterService(ClusterMembership membership, Headers headers) {
    this.membership = membership;
    this.headers = headers;
  }

  @Override
  public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
    Responses.reply(() -> CompletableFuture.completedFuture(MemberListResponse.newBuilder()
        .setHeader(headers.current())
        .addAllMembers(membership.members().stream().map(MemberInfo::toProto).toList())
        .build()), r -> r, observer);
  }
}
