package dev.etcdj.server.api;

import dev.etcdj.api.ClusterGrpc;
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
import dev.etcdj.api.internal.InternalRequest;
import dev.etcdj.discovery.ClusterIds;
import dev.etcdj.raft.ConfChangeType;
import dev.etcdj.server.EtcdError;
import dev.etcdj.server.core.Proposals;
import dev.etcdj.server.membership.ClusterMembership;
import dev.etcdj.server.membership.MemberInfo;
import dev.etcdj.server.membership.Membership;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Cluster: MemberList and runtime reconfiguration (add, add as learner, remove, update,
 * promote) through Raft conf changes, with etcd's {@code --strict-reconfig-check} guards.
 */
public final class ClusterService extends ClusterGrpc.ClusterImplBase {
  private final Membership membership;
  private final Proposals proposals;
  private final Headers headers;
  private final boolean strictReconfigCheck;
  private final LongPredicate isActive;
  private final LongFunction<CompletableFuture<Boolean>> learnerReady;

  /**
   * @param isActive whether the peer transport has recently heard from a member
   * @param learnerReady whether a learner has caught up with the leader's log
   */
  public ClusterService(Membership membership, Proposals proposals, Headers headers, boolean strictReconfigCheck,
      LongPredicate isActive, LongFunction<CompletableFuture<Boolean>> learnerReady) {
    this.membership = membership;
    this.proposals = proposals;
    this.headers = headers;
    this.strictReconfigCheck = strictReconfigCheck;
    this.isActive = isActive;
    this.learnerReady = learnerReady;
  }

  @Override
  public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
    Responses.reply(() -> CompletableFuture.completedFuture(MemberListResponse.newBuilder()
        .setHeader(headers.current())
        .addAllMembers(protos(membership.members()))
        .build()), r -> r, observer);
  }

  @Override
  public void memberAdd(MemberAddRequest request, StreamObserver<MemberAddResponse> observer) {
    Responses.reply(() -> {
      List<String> urls = request.getPeerURLsList();
      checkUrls(urls);
      ClusterMembership now = membership.get();
      for (MemberInfo m : now.members()) {
        if (m.peerUrls().stream().anyMatch(urls::contains)) {
          throw EtcdError.PEER_URL_EXIST.exception();
        }
      }
      if (strictReconfigCheck && !request.getIsLearner() && !readyToAddVoter(now)) {
        throw EtcdError.MEMBER_NOT_ENOUGH_STARTED.exception();
      }
      long id = ClusterIds.memberId(urls, Long.toString(System.currentTimeMillis() / 1000));
      Member member = Member.newBuilder().setID(id).addAllPeerURLs(urls).setIsLearner(request.getIsLearner()).build();
      ConfChangeType type = request.getIsLearner() ? ConfChangeType.ADD_LEARNER_NODE : ConfChangeType.ADD_NODE;
      return proposals.<MemberListResponse>proposeConfChange(type, member).thenApply(list ->
          MemberAddResponse.newBuilder().setHeader(headers.current()).setMember(member)
              .addAllMembers(list.getMembersList()).build());
    }, r -> r, observer);
  }

  @Override
  public void memberRemove(MemberRemoveRequest request, StreamObserver<MemberRemoveResponse> observer) {
    Responses.reply(() -> {
      MemberInfo target = membership.member(request.getID())
          .orElseThrow(EtcdError.MEMBER_NOT_FOUND::exception);
      if (strictReconfigCheck && !target.learner() && !readyToRemoveVoter(membership.get(), target.id())) {
        throw EtcdError.MEMBER_NOT_ENOUGH_STARTED.exception();
      }
      return proposals.<MemberListResponse>proposeConfChange(ConfChangeType.REMOVE_NODE, target.toProto())
          .thenApply(list -> MemberRemoveResponse.newBuilder().setHeader(headers.current())
              .addAllMembers(list.getMembersList()).build());
    }, r -> r, observer);
  }

  @Override
  public void memberUpdate(MemberUpdateRequest request, StreamObserver<MemberUpdateResponse> observer) {
    Responses.reply(() -> {
      checkUrls(request.getPeerURLsList());
      membership.member(request.getID()).orElseThrow(EtcdError.MEMBER_NOT_FOUND::exception);
      for (MemberInfo m : membership.members()) {
        if (m.id() != request.getID() && m.peerUrls().stream().anyMatch(request.getPeerURLsList()::contains)) {
          throw EtcdError.PEER_URL_EXIST.exception();
        }
      }
      return proposals.<MemberListResponse>propose(InternalRequest.newBuilder().setMemberUpdate(
              dev.etcdj.api.internal.MemberUpdateRequest.newBuilder().setMemberId(request.getID())
                  .addAllPeerUrls(request.getPeerURLsList())))
          .thenApply(list -> MemberUpdateResponse.newBuilder().setHeader(headers.current())
              .addAllMembers(list.getMembersList()).build());
    }, r -> r, observer);
  }

  @Override
  public void memberPromote(MemberPromoteRequest request, StreamObserver<MemberPromoteResponse> observer) {
    Responses.reply(() -> {
      MemberInfo target = membership.member(request.getID())
          .orElseThrow(EtcdError.MEMBER_NOT_FOUND::exception);
      if (!target.learner()) {
        throw EtcdError.MEMBER_NOT_LEARNER.exception();
      }
      return learnerReady.apply(target.id()).thenCompose(ready -> {
        if (!ready) {
          throw EtcdError.LEARNER_NOT_READY.exception();
        }
        return proposals.<MemberListResponse>proposeConfChange(ConfChangeType.ADD_NODE, target.promoted().toProto());
      }).thenApply(list -> MemberPromoteResponse.newBuilder().setHeader(headers.current())
          .addAllMembers(list.getMembersList()).build());
    }, r -> r, observer);
  }

  /** etcd's rule: a new voter needs a quorum of the enlarged cluster already started. */
  private boolean readyToAddVoter(ClusterMembership c) {
    List<MemberInfo> voters = c.voters();
    long started = voters.stream().filter(m -> m.id() == c.localId() || isActive.test(m.id())).count();
    if (started == 1 && voters.size() == 1) {
      return true;
    }
    int quorum = (voters.size() + 1) / 2 + 1;
    return started >= quorum;
  }

  /** etcd's rule: after the removal, the remaining started voters must still be a quorum. */
  private boolean readyToRemoveVoter(ClusterMembership c, long removed) {
    List<MemberInfo> remaining = c.voters().stream().filter(m -> m.id() != removed).toList();
    long started = remaining.stream().filter(m -> m.id() == c.localId() || isActive.test(m.id())).count();
    return started >= remaining.size() / 2 + 1;
  }

  private static void checkUrls(List<String> urls) {
    if (urls.isEmpty()) {
      throw EtcdError.MEMBER_BAD_URLS.exception();
    }
    for (String u : urls) {
      try {
        URI uri = new URI(u);
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0
            || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
          throw EtcdError.MEMBER_BAD_URLS.exception();
        }
      } catch (java.net.URISyntaxException e) {
        throw EtcdError.MEMBER_BAD_URLS.exception();
      }
    }
  }

  private static List<Member> protos(List<MemberInfo> members) {
    return members.stream().map(MemberInfo::toProto).toList();
  }
}
