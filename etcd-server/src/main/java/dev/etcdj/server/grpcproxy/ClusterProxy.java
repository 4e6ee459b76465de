package dev.etcdj.server.grpcproxy;

import dev.etcdj.api.ClusterGrpc;
import dev.etcdj.api.KVGrpc;
import dev.etcdj.api.Member;
import dev.etcdj.api.MemberAddRequest;
import dev.etcdj.api.MemberAddResponse;
import dev.etcdj.api.MemberListRequest;
import dev.etcdj.api.MemberListResponse;
import dev.etcdj.api.MemberPromoteRequest;
import dev.etcdj.api.MemberPromoteResponse;
import dev.etcdj.api.MemberRemoveRequest;
import dev.etcdj.api.MemberRemoveResponse;
import dev.etcdj.api.MemberUpdateRequest;
import dev.etcdj.api.MemberUpdateResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Cluster service of the proxy, as etcd's clusterProxy: membership changes are forwarded;
 * MemberList names the proxies themselves when an advertise address is set (those registered
 * under {@code --resolver-prefix}, or this one alone), and is forwarded otherwise; MemberPromote
 * is not implemented.
 */
final class ClusterProxy extends ClusterGrpc.ClusterImplBase {
  private final ClusterGrpc.ClusterStub cluster;
  private final KVGrpc.KVBlockingStub kv;
  private final String advertiseAddr;
  private final String prefix;
  private final Executor blocking;

  ClusterProxy(Upstream upstream, String advertiseAddr, String prefix, Executor blocking) {
    this.cluster = ClusterGrpc.newStub(upstream.channel());
    this.kv = KVGrpc.newBlockingStub(upstream.channel());
    this.advertiseAddr = advertiseAddr;
    this.prefix = prefix;
    this.blocking = blocking;
  }

  @Override
  public void memberAdd(MemberAddRequest r, StreamObserver<MemberAddResponse> out) {
    Upstream.asCaller(cluster).memberAdd(r, Relay.to(out));
  }

  @Override
  public void memberRemove(MemberRemoveRequest r, StreamObserver<MemberRemoveResponse> out) {
    Upstream.asCaller(cluster).memberRemove(r, Relay.to(out));
  }

  @Override
  public void memberUpdate(MemberUpdateRequest r, StreamObserver<MemberUpdateResponse> out) {
    Upstream.asCaller(cluster).memberUpdate(r, Relay.to(out));
  }

  @Override
  public void memberPromote(MemberPromoteRequest r, StreamObserver<MemberPromoteResponse> out) {
    out.onError(Status.UNKNOWN.withDescription("not implemented").asRuntimeException());
  }

  @Override
  public void memberList(MemberListRequest r, StreamObserver<MemberListResponse> out) {
    if (advertiseAddr.isEmpty()) {
      Upstream.asCaller(cluster).memberList(r, Relay.to(out));
      return;
    }
    if (prefix.isEmpty()) {
      answer(out, List.of(self()));
      return;
    }
    blocking.execute(() -> {
      try {
        List<Member> registered = Registration.registered(kv, prefix);
        answer(out, registered.isEmpty() ? List.of(self()) : registered);
      } catch (StatusRuntimeException e) {
        out.onError(e);
      }
    });
  }

  private Member self() {
    return Member.newBuilder().setName(Registration.hostname()).addClientURLs(advertiseAddr).build();
  }

  private static void answer(StreamObserver<MemberListResponse> out, List<Member> members) {
    out.onNext(MemberListResponse.newBuilder().addAllMembers(members).build());
    out.onCompleted();
  }
}
